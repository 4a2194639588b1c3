"""Monthly settlement at size (issue 9: 100,000 claims across 1,000 stations in < 10 s on SQLite
and on PostgreSQL, peak memory reported).

The fixture is written straight into the tables (demo/bulk.py, as the scale data is): a network
of 1,000 stations, 100,000 completed orders and their approved claims of one month, each with a
labour, a part and a travel line. Then `settlements_generate` runs once as finance would start
it, timed, and once more under tracemalloc for the Python heap's peak (tracemalloc slows Python
down, so it is never the timed run); each run is rolled back to a savepoint, and the whole
fixture at the end: the bench database is left as it was.
"""

from __future__ import annotations

import random
import resource
import time
import tracemalloc
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from aftersales.catalog import services as catalog
from aftersales.claims.models import Claim, ClaimLine
from aftersales.core.models import Organisation
from aftersales.core.services import organisation_create, user_create
from aftersales.customers import services as customers
from aftersales.demo.bulk import Table, analyze, fast_commit, reset_sequences
from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import NetworkFee, Statement, StatementLine
from aftersales.settlement.periods import current_month
from aftersales.workorders.models import WorkOrder

CLAIMS = 100_000
STATIONS = 1_000


def _organisations(stations: int) -> tuple[Organisation, Organisation, list[Organisation]]:
    net = organisation_create(kind="network", code="SB-NET", name="settlement bench network")
    region = organisation_create(kind="region", code="SB-R", name="bench region", network=net)
    maker = organisation_create(kind="manufacturer", code="SB-M", name="settlement bench maker")
    NetworkFee.objects.create(network=net, fee_percent=Decimal("3.00"))
    rows = Organisation.objects.bulk_create(
        Organisation(
            kind="station",
            code=f"SB-S{s:04d}",
            name=f"bench station {s}",
            network=net,
            region=region,
        )
        for s in range(stations)
    )
    return maker, net, rows


def _fixture(claims: int, stations: int) -> tuple[Organisation, object]:
    rng = random.Random(9)
    maker, net, station_rows = _organisations(stations)
    finance = user_create(
        username="sb-finance",
        password="bench-not-for-login",
        roles=["finance"],
        organisation=maker,
    )
    agent = user_create(
        username="sb-agent", password="bench-not-for-login", roles=["agent"], organisation=net
    )
    category = catalog.category_create(manufacturer=maker, code="SB-C", name="cat")
    model = catalog.product_model_create(category=category, code="SB-MOD", name="model")
    part = catalog.part_create(
        manufacturer=maker, number="SB-P", name="part", unit_price=Decimal("120.00")
    )
    customer = customers.customer_create(
        name="bench",
        phone="13000000002",
        actor=agent,
        address={"province": "上海市", "city": "上海", "line": "x"},
    )
    month = current_month()
    start = datetime(month.year, month.month, 1, 9, tzinfo=timezone.get_current_timezone())
    span = max(1, int((timezone.now() - start).total_seconds()) - 60)
    orders = Table(
        WorkOrder,
        [
            "number",
            "channel",
            "customer",
            "fault_description",
            "status",
            "station",
            "network",
            "region",
            "manufacturer",
            "created_at",
            "updated_at",
        ],
    )
    claim_rows = Table(
        Claim,
        [
            "number",
            "type",
            "status",
            "work_order",
            "station",
            "manufacturer",
            "network",
            "region",
            "product_model",
            "causal_part",
            "labour_amount",
            "parts_amount",
            "travel_amount",
            "total_amount",
            "approved_amount",
            "decided_at",
            "created_at",
            "updated_at",
        ],
    )
    lines = Table(
        ClaimLine,
        [
            "claim",
            "kind",
            "part",
            "description",
            "quantity",
            "unit_price",
            "amount",
            "approved_quantity",
            "approved_amount",
            "created_at",
        ],
    )
    for n in range(claims):
        station = station_rows[n % stations]
        at = start + timedelta(seconds=rng.randrange(span))
        order = orders.add(
            f"SBWO-{n:08d}",
            "api",
            customer.pk,
            "bench",
            "completed",
            station.pk,
            net.pk,
            station.region_id,
            maker.pk,
            at,
            at,
        )
        labour = Decimal(rng.randrange(5_000, 40_000)) / 100
        parts = Decimal(rng.randrange(0, 3)) * Decimal("132.00")
        travel = Decimal(rng.choice((0, 0, 8_000, 12_550))) / 100
        total = labour + parts + travel
        claim = claim_rows.add(
            f"SBCL-{n:08d}",
            "repair",
            "approved",
            order,
            station.pk,
            maker.pk,
            net.pk,
            station.region_id,
            model.pk,
            part.pk,
            labour,
            parts,
            travel,
            total,
            total,
            at,
            at,
            at,
        )
        lines.add(
            claim, "labour", None, "labour", Decimal("1.00"), labour, labour, None, labour, at
        )
        if parts:
            q = parts / Decimal("132.00")
            lines.add(claim, "part", part.pk, "part", q, Decimal("132.00"), parts, q, parts, at)
        if travel:
            lines.add(
                claim, "travel", None, "travel", Decimal("1.00"), travel, travel, None, travel, at
            )
        if len(orders.rows) >= 5_000:
            for table in (orders, claim_rows, lines):
                table.flush()
    for table in (orders, claim_rows, lines):
        table.flush()
    reset_sequences(orders, claim_rows, lines)
    analyze()
    return maker, finance


def _measure(maker: Organisation, finance: object, traced: bool) -> tuple[float, float, int, int]:
    sid = transaction.savepoint()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    result = settlements_generate(manufacturer=maker, period=current_month(), actor=finance)  # type: ignore[arg-type]
    took = time.perf_counter() - started
    peak = 0.0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    statements = Statement.objects.filter(manufacturer=maker).count()
    lines = StatementLine.objects.filter(statement__manufacturer=maker).count()
    assert result.claims == Claim.objects.filter(manufacturer=maker).count()
    transaction.savepoint_rollback(sid)
    return took, peak, statements, lines


def run(claims: int = CLAIMS, stations: int = STATIONS) -> list[list[object]]:
    """[database, claims, stations, statements, lines, seconds, Python heap peak MB, RSS MB]."""
    with transaction.atomic():
        fast_commit()
        started = time.perf_counter()
        maker, finance = _fixture(claims, stations)
        fixture_s = time.perf_counter() - started
        took, _, statements, lines = _measure(maker, finance, traced=False)
        _, peak, _, _ = _measure(maker, finance, traced=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        transaction.set_rollback(True)
    return [
        [
            connection.vendor,
            f"{claims:,}",
            f"{stations:,}",
            f"{statements:,}",
            f"{lines:,}",
            f"{took:.2f}",
            f"{peak:.0f}",
            f"{rss:.0f}",
            f"{fixture_s:.0f}",
        ]
    ]


HEADER = [
    "database",
    "claims",
    "stations",
    "statements",
    "lines",
    "generate_settlements s",
    "Python heap peak MB",
    "process max RSS MB",
    "fixture s",
]
