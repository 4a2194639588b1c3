"""A national network's years of work orders, written in bulk on top of the demo (issue 8 §5).

Every order is a plausible one: a customer with an address near a station, an asset of a
catalogue model, the order walked along the demo's paths (accepted, assigned, started, lines,
completed, closed, or cancelled) with its time stamps, an assignment, labour and part lines
with their totals, and the audit events the state machine would have written. Nothing goes
through the services (a million orders through the state machine would take a day); the rows
are what the services write, so every page and API reads them as it reads real ones.

Orders of a chunk commit together, so an interrupted run leaves whole orders behind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from aftersales.catalog.models import LabourOperation, Part, ProductModel
from aftersales.core import clock
from aftersales.core.events import Audience, event_type
from aftersales.core.models import AuditEvent, Organisation, OrganisationKind, Sequence, User
from aftersales.core.roles import Role
from aftersales.customers.models import Address, Asset, Customer
from aftersales.demo import data
from aftersales.demo.bulk import Table, analyze, fast_commit, reset_sequences
from aftersales.demo.history import PATHS, STEP_DELAY, _target_state
from aftersales.dispatch.models import Assignment
from aftersales.workorders.choices import Channel, OrderType, Priority, Status
from aftersales.workorders.models import WorkOrder, WorkOrderLine

CHUNK = 20_000
PHONE_PREFIX = "199"  # the demo never hands these out; one customer per number
ORDERS_PER_CUSTOMER = 3
CENT = Decimal("0.01")
STATE_AFTER = {
    "accept": Status.ACCEPTED,
    "assign": Status.ASSIGNED,
    "start": Status.IN_PROGRESS,
    "wait_parts": Status.WAITING_PARTS,
    "wait_customer": Status.WAITING_CUSTOMER,
    "complete": Status.COMPLETED,
    "close": Status.CLOSED,
    "cancel": Status.CANCELLED,
}
TYPES, PRIORITIES, CHANNELS = list(OrderType.values), list(Priority.values), list(Channel.values)
STAFF_STEPS = {"accept", "assign", "close", "cancel"}


class NoDemo(Exception):
    """The generator builds on the demo's network, stations, technicians and catalogue."""


@dataclass
class Station:
    id: int
    region_id: int
    network_id: int
    lat: float
    lon: float
    rate: Decimal
    technicians: list[tuple[int, str]]


@dataclass
class Model:
    id: int
    manufacturer_id: int
    coefficient: Decimal
    faults: list[str]
    operations: list[tuple[int, str, Decimal]]
    parts: list[tuple[int, str, Decimal]]


@dataclass
class World:
    stations: list[Station]
    models: list[Model]
    agent: tuple[int, str]
    work_order_type: int
    verbs_public: dict[str, bool] = field(default_factory=dict)


def _world() -> World:
    stations = []
    for org in Organisation.objects.filter(
        kind=OrganisationKind.STATION, is_active=True, region__isnull=False
    ).select_related("region"):
        techs = [
            (u.pk, str(u))
            for u in User.objects.filter(
                organisation=org, roles__role=Role.TECHNICIAN, is_active=True
            )
        ]
        if techs and org.latitude is not None and org.longitude is not None:
            stations.append(
                Station(
                    org.pk,
                    org.region_id,  # type: ignore[arg-type]
                    org.network_id or org.region.network_id,  # type: ignore[union-attr, arg-type]
                    float(org.latitude),
                    float(org.longitude),
                    org.labour_rate or Decimal("80.00"),
                    techs,
                )
            )
    agent = User.objects.filter(roles__role=Role.AGENT, is_active=True).order_by("pk").first()
    models = [_model(m) for m in ProductModel.objects.select_related("category")]
    models = [m for m in models if m.operations]
    if not stations or agent is None or not models:
        raise NoDemo("load the demo first (aftersales demo): the orders need its network")
    return World(
        stations,
        models,
        (agent.pk, str(agent)),
        ContentType.objects.get_for_model(WorkOrder).pk,
    )


def _model(m: ProductModel) -> Model:
    ops = [
        (o.pk, o.name, o.standard_hours)
        for o in LabourOperation.objects.filter(manufacturer_id=m.manufacturer_id).filter(
            Q(category__isnull=True) | Q(category_id=m.category_id)
        )
    ]
    parts = [
        (p.pk, p.name, p.unit_price) for p in Part.objects.filter(manufacturer_id=m.manufacturer_id)
    ]
    faults = data.FAULTS.get(m.category.code, ["设备故障，需上门检修"])
    return Model(m.pk, m.manufacturer_id, m.complexity_coefficient, faults, ops, parts)


@dataclass
class Tables:
    customers: Table
    addresses: Table
    assets: Table
    orders: Table
    lines: Table
    assignments: Table
    events: Table

    def all(self) -> list[Table]:
        return [
            self.customers,
            self.addresses,
            self.assets,
            self.orders,
            self.lines,
            self.assignments,
            self.events,
        ]


def _tables() -> Tables:
    return Tables(
        Table(Customer, ["name", "phone", "tier", "network", "created_by_org", "created_at"]),
        Table(
            Address,
            ["customer", "province", "city", "line", "latitude", "longitude", "zone", "is_default"],
        ),
        Table(
            Asset,
            ["manufacturer", "product_model", "serial", "customer", "purchase_date", "created_at"],
        ),
        Table(WorkOrder, ORDER_COLUMNS),
        Table(
            WorkOrderLine,
            [
                "work_order",
                "kind",
                "operation",
                "part",
                "description",
                "quantity",
                "unit_price",
                "coefficient",
                "amount",
                "created_by",
                "created_at",
            ],
        ),
        Table(
            Assignment,
            [
                "work_order",
                "technician",
                "station",
                "method",
                "status",
                "assigned_by",
                "offered_at",
                "respond_by",
                "responded_at",
            ],
        ),
        Table(
            AuditEvent,
            [
                "at",
                "actor",
                "actor_name",
                "content_type",
                "object_id",
                "record_label",
                "verb",
                "from_state",
                "to_state",
                "public",
            ],
        ),
    )


ORDER_COLUMNS = [
    "number",
    "type",
    "priority",
    "channel",
    "status",
    "version",
    "manufacturer",
    "network",
    "region",
    "station",
    "technician",
    "customer",
    "asset",
    "address",
    "fault_description",
    "response_due_at",
    "onsite_due_at",
    "resolution_due_at",
    "accepted_at",
    "started_at",
    "completed_at",
    "closed_at",
    "labour_total",
    "parts_total",
    "total",
    "created_by",
    "created_at",
    "updated_at",
]


@dataclass
class Household:
    customer_id: int
    address_id: int
    station: Station
    assets: list[tuple[int, Model, str]]


class Generator:
    def __init__(self, *, seed: int, days: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.days = days
        self.now = now
        self.tz = timezone.get_current_timezone()
        self.world = _world()
        self.numbers: dict[date, int] = dict(
            Sequence.objects.filter(prefix="WO").values_list("day", "value")
        )
        self.next_phone = Customer.objects.filter(phone__startswith=PHONE_PREFIX).count()

    def chunk(self, orders: int) -> Tables:
        """Write `orders` orders with their customers, in one transaction."""
        with transaction.atomic():
            fast_commit()
            tables = _tables()
            households = [
                self._household(tables) for _ in range(max(1, orders // ORDERS_PER_CUSTOMER))
            ]
            touched: set[date] = set()
            for _ in range(orders):
                touched.add(self._order(tables, self.rng.choice(households)))
            for table in tables.all():
                table.flush()
            self._save_numbers(touched)
            reset_sequences(*tables.all())
        return tables

    def _household(self, t: Tables) -> Household:
        rng, station = self.rng, self.rng.choice(self.world.stations)
        created = self.now - timedelta(days=self.days + rng.uniform(1, 400))
        phone = f"{PHONE_PREFIX}{self.next_phone:08d}"
        self.next_phone += 1
        name = rng.choice(data.SURNAMES) + "".join(
            rng.choice(data.GIVEN) for _ in range(rng.choice((1, 2)))
        )
        tier = rng.choices("ABC", [1, 3, 6])[0]
        customer = t.customers.add(name, phone, tier, station.network_id, station.id, created)
        address = t.addresses.add(
            customer,
            "",
            "",
            f"{rng.choice(data.STREETS)}{rng.randint(1, 999)}号",
            Decimal(f"{station.lat + rng.uniform(-0.2, 0.2):.6f}"),
            Decimal(f"{station.lon + rng.uniform(-0.2, 0.2):.6f}"),
            rng.choices(["city", "suburb", "remote"], [6, 3, 1])[0],
            True,
        )
        assets: list[tuple[int, Model, str]] = []
        for _ in range(rng.choice((1, 1, 2))):
            model = rng.choice(self.world.models)
            serial = f"SC{phone[3:]}{len(assets)}"
            asset = t.assets.add(
                model.manufacturer_id,
                model.id,
                serial,
                customer,
                (created - timedelta(days=rng.randint(0, 300))).date(),
                created,
            )
            assets.append((asset, model, serial))
        return Household(customer, address, station, assets)

    def _number(self, created: datetime) -> tuple[str, date]:
        day = created.astimezone(self.tz).date()
        self.numbers[day] = self.numbers.get(day, 0) + 1
        return f"WO-{day:%Y%m%d}-{self.numbers[day]:06d}", day

    def _save_numbers(self, days: set[date]) -> None:
        """Numbers handed out here are never handed out again by `next_number`."""
        Sequence.objects.bulk_create(
            [Sequence(prefix="WO", day=d, value=self.numbers[d]) for d in days],
            update_conflicts=True,
            unique_fields=["prefix", "day"],
            update_fields=["value"],
        )

    def _order(self, t: Tables, home: Household) -> date:
        rng = self.rng
        asset, model, _serial = rng.choice(home.assets)
        created = self.now - timedelta(days=rng.uniform(0, self.days))
        number, day = self._number(created)
        steps = self._steps(created)
        state = STATE_AFTER[steps[-1][0]] if steps else Status.NEW
        stamp = {name: at for name, at in steps}
        station = home.station
        tech = rng.choice(station.technicians) if "assign" in stamp else None
        order_id = t.orders.next_id
        labour, parts = (
            self._lines(t, order_id, model, station, tech, stamp["lines"])
            if "lines" in stamp
            else (ZERO, ZERO)
        )
        t.orders.add(
            number,
            rng.choices(TYPES, [70, 12, 12, 3, 2, 1])[0],
            rng.choices(PRIORITIES, [10, 70, 15, 5])[0],
            rng.choices(CHANNELS, [35, 40, 10, 12, 3])[0],
            state,
            len(steps) + 1,
            model.manufacturer_id,
            station.network_id,
            station.region_id,
            station.id,
            tech[0] if tech else None,
            home.customer_id,
            asset,
            home.address_id,
            rng.choice(model.faults),
            created + timedelta(hours=2),
            created + timedelta(hours=24),
            created + timedelta(hours=72),
            stamp.get("accept"),
            stamp.get("start"),
            stamp.get("complete"),
            stamp.get("close"),
            labour,
            parts,
            labour + parts,
            self.world.agent[0],
            created,
            steps[-1][1] if steps else created,
        )
        if tech:
            self._assignment(t, order_id, station, tech, stamp)
        self._events(t, order_id, number, created, steps, tech)
        return day

    def _steps(self, created: datetime) -> list[tuple[str, datetime]]:
        """The order's path to its state, each step after the last, none in the future."""
        rng = self.rng
        age = (self.now - created).total_seconds() / 86400
        steps, at = [], created
        for name in PATHS[self._target(age)]:
            low, high = STEP_DELAY[name]
            at = at + timedelta(minutes=rng.uniform(low, high))
            if at >= self.now:
                break
            steps.append((name, at))
        if steps and steps[-1][0] == "lines":
            steps.pop()  # lines are not a state: the order is still in progress
        return steps

    def _target(self, age_days: float) -> str:
        """Past the demo's six months, orders are settled: a year-old order is not still
        waiting for parts (the demo's mix would leave 2 % of all history open)."""
        if age_days > 30:
            return self.rng.choices(
                [Status.CLOSED, Status.COMPLETED, Status.CANCELLED], [86, 4, 10]
            )[0]
        return _target_state(self.rng, age_days)

    def _lines(
        self,
        t: Tables,
        order_id: int,
        model: Model,
        station: Station,
        tech: tuple[int, str] | None,
        at: datetime,
    ) -> tuple[Decimal, Decimal]:
        rng = self.rng
        op_id, op_name, hours = rng.choice(model.operations)
        labour = (hours * station.rate * model.coefficient).quantize(CENT, ROUND_HALF_UP)
        by = tech[0] if tech else None
        t.lines.add(
            order_id,
            "labour",
            op_id,
            None,
            op_name,
            hours,
            station.rate,
            model.coefficient,
            labour,
            by,
            at,
        )
        parts = ZERO
        for _ in range(rng.choice((0, 1, 1, 2)) if model.parts else 0):
            part_id, part_name, price = rng.choice(model.parts)
            t.lines.add(
                order_id,
                "part",
                None,
                part_id,
                part_name,
                Decimal(1),
                price,
                Decimal(1),
                price,
                by,
                at,
            )
            parts += price
        return labour, parts

    def _assignment(
        self, t: Tables, order_id: int, station: Station, tech: tuple[int, str], stamp: dict
    ) -> None:
        offered = stamp["assign"]
        t.assignments.add(
            order_id,
            tech[0],
            station.id,
            "auto",
            "accepted",
            None,
            offered,
            offered + timedelta(minutes=30),
            offered + timedelta(minutes=self.rng.uniform(1, 25)),
        )

    def _events(
        self,
        t: Tables,
        order_id: int,
        number: str,
        created: datetime,
        steps: list[tuple[str, datetime]],
        tech: tuple[int, str] | None,
    ) -> None:
        agent = self.world.agent
        ct = self.world.work_order_type
        t.events.add(
            created,
            agent[0],
            agent[1],
            ct,
            order_id,
            number,
            "work_order.created",
            "",
            Status.NEW,
            True,
        )
        state = Status.NEW
        for name, at in steps:
            actor = agent if name in STAFF_STEPS or tech is None else tech
            if name == "lines":
                verb, to = "work_order.line_added", state
            else:
                verb, to = f"work_order.{name}", STATE_AFTER[name]
            t.events.add(
                at,
                actor[0],
                actor[1],
                ct,
                order_id,
                number,
                verb,
                state if to != state else "",
                to if to != state else "",
                self._public(verb),
            )
            state = to

    def _public(self, verb: str) -> bool:
        if verb not in self.world.verbs_public:
            self.world.verbs_public[verb] = event_type(verb).audience == Audience.CUSTOMER
        return self.world.verbs_public[verb]


ZERO = Decimal("0.00")


def generate(
    orders: int,
    *,
    seed: int = 8,
    days: int = 730,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add `orders` work orders spread over the last `days` days; returns rows per table."""
    gen = Generator(seed=seed, days=days, now=clock.now())
    written: dict[str, int] = {}
    done = 0
    while done < orders:
        size = min(CHUNK, orders - done)
        tables = gen.chunk(size)
        for table in tables.all():
            written[table.name] = written.get(table.name, 0) + table.next_id - table.first_id
        done += size
        if progress:
            progress(done, orders)
    analyze()
    return written
