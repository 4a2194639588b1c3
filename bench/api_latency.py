"""Median latency of create_service_request and list_work_orders on the demo data set."""

from __future__ import annotations

import json
import statistics
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client

from aftersales.core.models import ApiToken, User
from aftersales.customers.models import Customer
from aftersales.demo import loader

RUNS = 200


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _token(username: str) -> str:
    raw = f"bench-{username}-token"
    user = User.objects.get(username=username)
    ApiToken.objects.get_or_create(
        key_hash=ApiToken.hash(raw), defaults={"user": user, "prefix": raw[:8]}
    )
    return raw


def _time(call, runs: int = RUNS) -> list[float]:
    for _ in range(5):
        call()  # warm-up: caches, connections, compiled templates
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 201), response.content[:300]
    return samples


def run() -> list[list[object]]:
    call_command("migrate", verbosity=0)
    loader.load(log=lambda _msg: None)
    client = Client()
    customer_auth = {"Authorization": f"Bearer {_token('customer')}"}
    agent_auth = {"Authorization": f"Bearer {_token('agent')}"}
    asset_id = Customer.objects.get(phone="13912345678").assets.first().pk  # type: ignore[union-attr]
    body = json.dumps({"asset_id": asset_id, "fault_description": "冰箱不制冷（基准测试）"})
    engine = connection.vendor
    rows = []
    for name, call, note in (
        (
            "create_service_request",
            lambda: client.post(
                "/api/v1/service-requests",
                body,
                content_type="application/json",
                headers=customer_auth,
            ),
            "customer token, one order each",
        ),
        (
            "list_work_orders",
            lambda: client.get("/api/v1/work-orders", headers=agent_auth),
            "agent: whole network, 50 a page",
        ),
        (
            "list_work_orders ?q=phone",
            lambda: client.get("/api/v1/work-orders", {"q": "13912345678"}, headers=agent_auth),
            "search by customer phone",
        ),
        (
            "list_work_orders ?status=open",
            lambda: client.get(
                "/api/v1/work-orders",
                {"status": ["new", "accepted", "assigned"]},
                headers=agent_auth,
            ),
            "status filter",
        ),
    ):
        samples = _time(call)
        rows.append(
            [
                f"{name} [{engine}]",
                len(samples),
                f"{statistics.median(samples):.1f}",
                f"{percentile(samples, 0.95):.1f}",
                f"{percentile(samples, 0.99):.1f}",
                note,
            ]
        )
    return rows
