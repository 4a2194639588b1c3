"""Fault statistics over 1,000,000 claim lines (issue 9: < 2 s per chart on PostgreSQL).

A manufacturer of its own (泰山家电, 60 models in 6 categories, 40 suppliers of 800 parts, each
part declared for 3 models) and a second, smaller one; 400,000 units sold over four and a half
years in about 3,000 production batches; 500,000 claims of two lines each (labour and the
causal part) on as many completed work orders across 50 stations, 70 % of them with a warranty
entitlement, decided over three years (approved, in part, settled, rejected; the latest still
waiting), failing early in life more often than later, with fault codes and mileage. Written in
bulk (COPY on PostgreSQL, `executemany` on SQLite: `aftersales.demo.bulk`) on whichever
database DATABASE_URL names, once: a later run finds the data and measures again.

Each chart is asked through the API as the manufacturer's auditor (a bearer token, the Django
test client in-process, JSON included), once to warm up and three times measured; the table
gives the median. Two periods: the last 12 months of the data, and all three years (every
claim of the manufacturer). FAULT_BENCH_LINES sets the number of claim lines (two per claim).

    DATABASE_URL=postgres://… python -m bench.fault_stats_bench
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

LINES = int(os.environ.get("FAULT_BENCH_LINES", "1000000"))
LINES_PER_CLAIM = 2
UNITS = max(1_000, int(LINES * 0.4))
CODE = "FSB-M"
FIRST_SALE = date(2022, 1, 1)
LAST_DAY = date(2026, 6, 30)
CENT = Decimal("0.01")
PERIODS = {
    "12 months": ("2025-07-01", "2026-06-30"),
    "3 years": ("2023-07-01", "2026-06-30"),
}
RUNS = 3
CODES = [f"E{k:02d}" for k in range(80)]
COLUMNS = {
    "customers": ["name", "phone", "network", "created_by_org", "created_at"],
    "assets": [
        "manufacturer",
        "product_model",
        "serial",
        "customer",
        "purchase_date",
        "production_batch",
        "created_at",
    ],
    "orders": [
        "number",
        "status",
        "channel",
        "manufacturer",
        "network",
        "region",
        "station",
        "customer",
        "asset",
        "fault_description",
        "completed_at",
        "created_at",
        "updated_at",
    ],
    "entitlements": [
        "work_order",
        "outcome",
        "rule",
        "claim_date",
        "start_event",
        "start_date",
        "policy_date",
        "decided_at",
        "decided_by_name",
        "provisional",
    ],
    "claims": [
        "number",
        "type",
        "status",
        "revision",
        "work_order",
        "station",
        "manufacturer",
        "network",
        "region",
        "asset",
        "product_model",
        "serial",
        "causal_part",
        "fault_code",
        "mileage_km",
        "failure_date",
        "repair_date",
        "labour_amount",
        "parts_amount",
        "total_amount",
        "approved_amount",
        "submitted_at",
        "first_submitted_at",
        "decided_at",
        "created_at",
        "updated_at",
    ],
    "lines": [
        "claim",
        "kind",
        "part",
        "description",
        "quantity",
        "unit_price",
        "amount",
        "approved_amount",
        "created_at",
    ],
}


class Unit(NamedTuple):
    pk: int
    model_id: int
    maker: int
    sold: date | None
    serial: str


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(1, 10), tzinfo=UTC)


class Generator:
    def __init__(self, seed: int = 9) -> None:
        self.rng = random.Random(seed)

    def master_data(self) -> dict[str, Any]:
        from aftersales.catalog import services as catalog
        from aftersales.claims.models import PartApplicability
        from aftersales.core.services import organisation_create, user_create

        net = organisation_create(kind="network", code="FSB-NET", name="故障统计基准网络")
        region = organisation_create(
            kind="region", code="FSB-R", name="故障统计基准中心", network=net, city="济南"
        )
        stations = [
            organisation_create(
                kind="station", code=f"FSB-S{i:02d}", name=f"基准服务站{i}", region=region
            )
            for i in range(50)
        ]
        makers = [
            organisation_create(kind="manufacturer", code=CODE, name="泰山家电"),
            organisation_create(kind="manufacturer", code="FSB-M2", name="黄河电器"),
        ]
        user_create(
            username="fsb-auditor",
            password="bench-not-for-login",
            roles=["auditor"],
            organisation=makers[0],
        )
        models: list[tuple[int, int, str]] = []  # (id, manufacturer id, code)
        for m, (maker, categories, per_category) in enumerate(
            ((makers[0], 6, 10), (makers[1], 2, 5))
        ):
            for c in range(categories):
                category = catalog.category_create(
                    manufacturer=maker, code=f"FSB{m}-C{c}", name=f"品类{m}-{c}"
                )
                for k in range(per_category):
                    model = catalog.product_model_create(
                        category=category, code=f"FSB{m}-C{c}-M{k}", name=f"型号{m}-{c}-{k}"
                    )
                    models.append((model.pk, maker.pk, model.code))
        suppliers = [
            organisation_create(kind="supplier", code=f"FSB-SUP{i:02d}", name=f"供应商{i:02d}")
            for i in range(40)
        ]
        parts: dict[int, list[tuple[int, Decimal]]] = {maker.pk: [] for maker in makers}
        own_models = [pk for pk, maker, _code in models if maker == makers[0].pk]
        for i in range(900):
            maker = makers[0] if i < 800 else makers[1]
            price = _money(self.rng.uniform(20, 900))
            part = catalog.part_create(
                manufacturer=maker,
                number=f"FSB-P{i:04d}",
                name=f"零件{i:04d}",
                unit_price=price,
                supplier=suppliers[i % 40],
            )
            parts[maker.pk].append((part.pk, price))
            if maker == makers[0]:
                PartApplicability.objects.bulk_create(
                    PartApplicability(part=part, product_model_id=pk)
                    for pk in self.rng.sample(own_models, 3)
                )
        return {
            "network": net,
            "region": region,
            "stations": [s.pk for s in stations],
            "makers": [m.pk for m in makers],
            "models": models,
            "parts": parts,
        }

    def tables(self) -> dict[str, Any]:
        from aftersales.claims.models import Claim, ClaimLine
        from aftersales.customers.models import Asset, Customer
        from aftersales.demo.bulk import Table
        from aftersales.warranty.models import Entitlement
        from aftersales.workorders.models import WorkOrder

        models = {
            "customers": Customer,
            "assets": Asset,
            "orders": WorkOrder,
            "entitlements": Entitlement,
            "claims": Claim,
            "lines": ClaimLine,
        }
        return {name: Table(model, COLUMNS[name]) for name, model in models.items()}

    def units(self, t: dict[str, Any], master: dict[str, Any]) -> list[Unit]:
        """Units sold (90 % the first manufacturer's; the first models of a category sell
        more), a twentieth of them unsold, each in its model's production batch of the month."""
        rng = self.rng
        start = datetime(2022, 1, 1, tzinfo=UTC)
        network = master["network"].pk
        for i in range(max(100, UNITS // 20)):
            t["customers"].add(f"基准客户{i}", f"188{i:08d}", network, master["stations"][0], start)
        self.customer_ids = range(t["customers"].first_id, t["customers"].next_id)
        models = master["models"]
        weights = [1.0 / (1 + k % 10) for k in range(len(models))]
        units = []
        days = (LAST_DAY - FIRST_SALE).days
        for i in range(UNITS):
            model_id, maker, model_code = rng.choices(models, weights)[0]
            sold = None if rng.random() < 0.05 else FIRST_SALE + timedelta(rng.randrange(days))
            made = (sold or LAST_DAY) - timedelta(days=rng.randrange(15, 100))
            serial = f"FSB{i:09d}"
            pk = t["assets"].add(
                maker,
                model_id,
                serial,
                rng.choice(self.customer_ids),
                sold,
                f"{model_code}-{made:%y%m}",
                start,
            )
            units.append(Unit(pk, model_id, maker, sold, serial))
        return units

    def claim(self, i: int, t: dict[str, Any], master: dict[str, Any], unit: Unit) -> None:
        """One claim of two lines on its completed order, decided as most are."""
        rng = self.rng
        # Early failures more often (infant mortality), then a long flat tail.
        months = rng.expovariate(1 / 3) if rng.random() < 0.4 else rng.uniform(0, 48)
        failed = min((unit.sold or FIRST_SALE) + timedelta(days=int(months * 30.4)), LAST_DAY)
        submitted = failed + timedelta(days=rng.randrange(2, 10))
        decided = submitted + timedelta(days=rng.randrange(3, 30))
        status = "submitted" if decided > LAST_DAY else _status(rng.random())
        station = rng.choice(master["stations"])
        part_id, price = rng.choice(master["parts"][unit.maker])
        hours = _money(rng.uniform(0.5, 3))
        labour = (hours * Decimal("80.00")).quantize(CENT)
        parts = (price * Decimal("1.10")).quantize(CENT)
        total = labour + parts
        ratio = {"approved": 1, "settled": 1, "rejected": 0}.get(status)
        share = Decimal(str(rng.uniform(0.5, 0.95))) if ratio is None else Decimal(ratio)
        approved = None if status == "submitted" else (total * share).quantize(CENT)
        made_at = _at(failed, rng)
        network, region = master["network"].pk, master["region"].pk
        order = t["orders"].add(
            f"WO-FSB-{i:07d}",
            "completed",
            "phone",
            unit.maker,
            network,
            region,
            station,
            rng.choice(self.customer_ids),
            unit.pk,
            "不制冷",
            made_at,
            made_at,
            made_at,
        )
        if unit.sold is not None and rng.random() < 0.7:
            # Installed units count from the installation, a few days after the sale.
            begins = unit.sold + timedelta(days=rng.choice((0, 0, 0, 12)))
            t["entitlements"].add(
                order,
                "repair",
                "repair_term",
                failed,
                "sale",
                begins,
                unit.sold,
                made_at,
                "基准",
                True,
            )
        decided_at = None if decided > LAST_DAY else _at(decided, rng)
        claim = t["claims"].add(
            f"CL-FSB-{i:07d}",
            "repair",
            status,
            1,
            order,
            station,
            unit.maker,
            network,
            region,
            unit.pk,
            unit.model_id,
            unit.serial,
            part_id if rng.random() < 0.92 else None,
            rng.choice(CODES) if rng.random() < 0.95 else "",
            int(months * 1500 + rng.randrange(0, 3000)) if rng.random() < 0.6 else None,
            failed,
            failed + timedelta(days=1),
            labour,
            parts,
            total,
            approved,
            _at(submitted, rng),
            _at(submitted, rng),
            decided_at,
            made_at,
            decided_at or made_at,
        )
        on_labour = None if approved is None else (approved * labour / total).quantize(CENT)
        on_parts = None if approved is None else approved - (on_labour or Decimal(0))
        t["lines"].add(
            claim, "labour", None, "诊断维修", hours, Decimal("80.00"), labour, on_labour, made_at
        )
        t["lines"].add(
            claim, "part", part_id, "更换零件", Decimal("1.00"), parts, parts, on_parts, made_at
        )

    def write(self, master: dict[str, Any]) -> None:
        from django.db import transaction

        from aftersales.demo.bulk import analyze, fast_commit, reset_sequences

        t = self.tables()
        units = self.units(t, master)
        n_claims = LINES // LINES_PER_CLAIM
        for i in range(n_claims):
            self.claim(i, t, master, units[self.rng.randrange(len(units))])
            if (i + 1) % 20_000 == 0 or i + 1 == n_claims:
                with transaction.atomic():
                    fast_commit()
                    for table in t.values():
                        table.flush()
                print(f"  {i + 1:,} claims written", file=sys.stderr, flush=True)
        reset_sequences(*t.values())
        analyze()


def _status(roll: float) -> str:
    if roll < 0.75:
        return "approved"
    if roll < 0.83:
        return "partially_approved"
    return "settled" if roll < 0.93 else "rejected"


def ensure_data() -> None:
    from django.db import transaction

    from aftersales.claims.models import ClaimLine
    from aftersales.core.models import Organisation

    if Organisation.objects.filter(code=CODE).exists():
        found = ClaimLine.objects.filter(claim__manufacturer__code__in=(CODE, "FSB-M2")).count()
        print(f"  bench data present: {found:,} claim lines", file=sys.stderr)
        return
    generator = Generator()
    with transaction.atomic():
        master = generator.master_data()
    generator.write(master)


def _token() -> str:
    from aftersales.core.models import ApiToken, User

    raw = "bench-fsb-auditor-token"
    ApiToken.objects.get_or_create(
        key_hash=ApiToken.hash(raw),
        defaults={"user": User.objects.get(username="fsb-auditor"), "prefix": raw[:8]},
    )
    return raw


def _charts() -> list[tuple[str, str, dict[str, str], Any]]:
    def rows(answer: dict[str, Any]) -> int:
        return len(answer["rows"]) + (1 if answer.get("others") else 0)

    charts: list[tuple[str, str, dict[str, str], Any]] = [
        (f"fault_statistics {d}", "reports/fault-statistics", {"dimension": d}, rows)
        for d in (
            "model",
            "batch",
            "part",
            "supplier",
            "fault_code",
            "months_in_service",
            "mileage_band",
        )
    ]
    charts.append(
        (
            "failure_rate_curve (5 models, 36 months)",
            "reports/failure-rate-curve",
            {},
            lambda a: sum(len(s["points"]) for s in a["series"]),
        )
    )
    charts.append(("supplier_scorecard", "reports/supplier-scorecard", {}, rows))
    charts.append(
        ("export_fault_statistics (every sheet)", "reports/fault-statistics/export", {}, None)
    )
    return charts


def run() -> list[list[object]]:
    from django.db import connection
    from django.test import Client

    ensure_data()
    client = Client()
    auth = {"Authorization": f"Bearer {_token()}"}
    result: list[list[object]] = []
    for period, (first, last) in PERIODS.items():
        for name, path, params, count in _charts():
            query = {"date_from": first, "date_to": last, **params}

            def call(path: str = path, query: dict[str, str] = query) -> Any:
                response = client.get(f"/api/v1/{path}", query, headers=auth)
                assert response.status_code == 200, response.content[:300]
                return response

            response = call()  # warm-up
            samples = []
            for _ in range(RUNS):
                started = time.perf_counter()
                response = call()
                samples.append(time.perf_counter() - started)
            rows = count(response.json()) if count else f"{len(response.content):,} bytes"
            print(f"  {name}, {period}: {samples}", file=sys.stderr, flush=True)
            result.append(
                [
                    f"{name}, {period} ({connection.vendor})",
                    rows,
                    f"{statistics.median(samples):.3f}",
                ]
            )
    return result


def main() -> None:
    # Never the working database: a bench database of its own unless DATABASE_URL names one.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault("AFTERSALES_VAR_DIR", os.path.join(root, "var", "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.__main__ import print_table

    call_command("migrate", verbosity=0)
    print(f"\nFault statistics over {LINES:,} claim lines (median of {RUNS}, after a warm-up)")
    print_table(["chart", "rows", "seconds"], run())


if __name__ == "__main__":
    main()
