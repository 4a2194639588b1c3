"""The same reads at demo size and at N work orders, side by side (issue 8 §5).

Each operation runs as the role a real user of it has, through the Django test client
(middleware, authentication, access layer, serialisation), in-process. The arguments rotate
(phones, numbers, serials of customers that exist) so no answer comes from a warm cache the
real traffic would not have.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import Client

from aftersales.core import clock
from aftersales.core.api_support import encode_cursor
from aftersales.core.models import User
from aftersales.demo import scale
from aftersales.workorders.models import WorkOrder
from bench.api_latency import _token, percentile

RUNS = 100


@dataclass
class Case:
    name: str
    role: str
    call: Callable[[Client, dict[str, Any], int], Any]
    note: str = ""


def _api(path: str, params: Callable[[dict[str, Any], int], dict[str, Any]] | None = None):
    def call(client: Client, ctx: dict[str, Any], i: int) -> Any:
        return client.get(
            path.format(**ctx, i=i),
            params(ctx, i) if params else None,
            headers={"Authorization": f"Bearer {ctx['token']}"},
        )

    return call


def _page(path: str, params: Callable[[dict[str, Any], int], dict[str, Any]] | None = None):
    def call(client: Client, ctx: dict[str, Any], i: int) -> Any:
        return client.get(path.format(**ctx, i=i), params(ctx, i) if params else None)

    return call


def _pick(key: str) -> Callable[[dict[str, Any], int], dict[str, Any]]:
    return lambda ctx, i: {"q": ctx[key][i % len(ctx[key])]}


CASES = [
    Case("list_work_orders, first page", "agent", _api("/api/v1/work-orders")),
    Case("list_work_orders, first page", "manager", _api("/api/v1/work-orders")),
    Case("list_work_orders, first page", "technician", _api("/api/v1/work-orders")),
    Case("list_work_orders ?q=phone", "agent", _api("/api/v1/work-orders", _pick("phones"))),
    Case("list_work_orders ?q=phone", "manager", _api("/api/v1/work-orders", _pick("phones"))),
    Case(
        "list_work_orders ?q=order number", "agent", _api("/api/v1/work-orders", _pick("numbers"))
    ),
    Case(
        "list_work_orders ?q=serial prefix", "agent", _api("/api/v1/work-orders", _pick("serials"))
    ),
    Case("list_work_orders ?q=fault text", "agent", _api("/api/v1/work-orders", _pick("faults"))),
    Case(
        "list_work_orders, page a year back",
        "agent",
        _api("/api/v1/work-orders", lambda ctx, i: {"cursor": ctx["year_back"]}),
    ),
    Case(
        "list_work_orders, urgent installations",
        "agent",
        _api("/api/v1/work-orders", lambda ctx, i: {"priority": "urgent", "type": "installation"}),
        "rare filters",
    ),
    Case("get_work_order", "agent", _api("/api/v1/work-orders/{order}")),
    Case("get_work_order, unknown id (404)", "agent", _api("/api/v1/work-orders/999999999")),
    Case("customer's own orders", "customer", _api("/api/v1/work-orders")),
    Case("staff order list page", "agent", _page("/staff/orders/")),
    Case("staff order list page, search", "agent", _page("/staff/orders/", _pick("phones"))),
    Case("dispatch board", "dispatcher", _page("/staff/dispatch/")),
    Case("GET /healthz (Django's floor)", "anonymous", _page("/healthz")),
]


def _context(role: str) -> dict[str, Any]:
    rng = random.Random(11)
    ctx: dict[str, Any] = {"token": _token(role) if role != "anonymous" else ""}
    orders = WorkOrder.objects.select_related("customer", "asset")
    if role == "manager":
        orders = orders.filter(station=User.objects.get(username="manager").organisation)
    newest = orders.order_by("-id").values_list("id", flat=True)[:2000]
    sample = list(orders.filter(id__in=rng.sample(list(newest), min(50, len(newest)))))
    ctx["order"] = sample[0].pk
    ctx["phones"] = [o.customer.phone for o in sample]
    ctx["numbers"] = [o.number for o in sample]
    ctx["serials"] = [o.asset.serial[:6] for o in sample if o.asset]
    ctx["faults"] = ["不制冷", "异响", "保养", "漏水", "报E"]
    year_ago = orders.filter(created_at__lte=clock.now() - timedelta(days=365)).order_by(
        "-created_at", "-id"
    )
    anchor = year_ago.first() or orders.order_by("created_at", "id").first()
    assert anchor is not None
    ctx["year_back"] = encode_cursor(anchor.created_at, anchor.pk)
    return ctx


def measure(runs: int = RUNS) -> dict[tuple[str, str], list[float]]:
    results = {}
    contexts: dict[str, dict[str, Any]] = {}
    for case in CASES:
        ctx = contexts.setdefault(case.role, _context(case.role))
        client = Client()
        if case.role != "anonymous":
            client.force_login(User.objects.get(username=case.role))
        samples = []
        for i in range(runs + 5):
            start = time.perf_counter()
            response = case.call(client, ctx, i)
            took = (time.perf_counter() - start) * 1000
            expected = 404 if "404" in case.name else 200
            assert response.status_code == expected, (case.name, response.status_code)
            if i >= 5:
                samples.append(took)
        results[(case.name, case.role)] = samples
    cache.clear()
    return results


def table(
    before: dict[tuple[str, str], list[float]], after: dict[tuple[str, str], list[float]], n: int
) -> list[list[object]]:
    rows: list[list[object]] = []
    for key, small in before.items():
        big = after[key]
        p95_small, p95_big = percentile(small, 0.95), percentile(big, 0.95)
        rows.append(
            [
                key[0],
                key[1],
                f"{statistics.median(small):.1f}",
                f"{p95_small:.1f}",
                f"{statistics.median(big):.1f}",
                f"{p95_big:.1f}",
                f"{p95_big / p95_small:.2f}×",
            ]
        )
    return rows


def header(n: int) -> list[str]:
    return [
        "operation",
        "role",
        "demo median ms",
        "demo p95 ms",
        f"{n:,} median ms",
        f"{n:,} p95 ms",
        "p95 ratio",
    ]


def section(print_table: Callable[[list[str], list[list[object]]], None]) -> None:
    """Measure at demo size, grow the database to N orders, measure again, print both."""
    n = int(os.environ.get("BENCH_SCALE_ORDERS", "1000000"))
    before = measure()
    have = WorkOrder.objects.count()
    started = time.monotonic()
    grown = 0
    if have < n:  # a PostgreSQL bench database keeps its orders between runs
        grown = n - have
        scale.generate(grown)
    took = time.monotonic() - started
    after = measure()
    print(
        f"\nAt scale [{connection.vendor}]: demo size vs {n:,} work orders "
        f"({grown:,} generated in {took:.0f} s, {grown / max(took, 1e-9):,.0f} orders/s); "
        f"{RUNS} requests each, Django test client in-process"
    )
    print_table(header(n), table(before, after, n))
