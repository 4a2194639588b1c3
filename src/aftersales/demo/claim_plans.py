"""Which of the demo's completed warranty orders become claims, of which type, and how each
ends (`Story.scenario`): decided by the demo's seeded random generator, with every ending a
user should meet present whatever the size of the demo. `demo/claims.py` files them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from aftersales.catalog.models import Part
from aftersales.claims import services
from aftersales.claims.models import Claim, PreAuthorisation
from aftersales.core.models import Organisation
from aftersales.demo import data
from aftersales.workorders.models import WorkOrder

if TYPE_CHECKING:
    from aftersales.demo.loader import Demo

# Which completed orders a station claims (by the labour operation on the order): repairs, and
# the carmaker's first 5,000 km service on its break-in card; installations and routine
# services are not warranty claims.
REPAIRS = {"AP-DIAG", "AP-REFRIG", "AP-COMP", "AP-BOARD", "CR-BRAKE", "CR-DIAG"}
BREAK_IN = "CR-5K"
SHARE = {"appliance": 0.38, "car": 0.38, "break_in": 0.3}
# The failed part when the order replaced none (a diagnosis, a refill).
CAUSE = {"AP-COMP": "HY-COMP-01", "AP-BOARD": "HY-PCB-02", "AP-REFRIG": "HY-R600"}
CAUSE.update({"CR-BRAKE": "YH-PAD-F", "CR-DIAG": "YH-SPARK", "WASHER": "HY-DRAIN"})
FAULT_CODES = {"FRIDGE": "E1", "AC": "F4", "WASHER": "E21", "SEDAN": "P0301", "SUV": "P0700"}
PUDONG = "ST-SH-PD"


@dataclass
class Story:
    """One claim's plan: what it is, how it ends, and the claim once filed."""

    order: WorkOrder
    type: str
    scenario: str  # approve, partial, reject, return, return_open, wait, draft
    causal_part: Part | None
    claim: Claim | None = None
    extra_hours: Decimal = Decimal("0")
    reused_photo: bool = False
    pre_authorisation: PreAuthorisation | None = None


class Planner:
    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.parts = {p.number: p for p in Part.objects.all()}
        self.car_maker_id = Organisation.objects.get(code=data.CARMAKER[0]).pk
        self.stories: list[Story] = []

    def plan(self) -> list[Story]:
        """The claims of the last five months' completed warranty orders, in completion order."""
        since = self.demo.now - timedelta(days=150)
        orders = (
            WorkOrder.objects.filter(
                status__in=services.CLAIMABLE,
                completed_at__gte=since,
                completed_at__lt=self.demo.now - timedelta(hours=3),
                entitlement__state="decided",
                asset__isnull=False,
                station__isnull=False,
            )
            .exclude(entitlement__outcome="paid")
            .select_related("asset__product_model__category", "station")
            .prefetch_related("lines__operation", "lines__part")
            .order_by("completed_at", "id")
        )
        last_claimed: dict[tuple[int, int | None], datetime] = {}
        for order in orders:
            story = self._story(order)
            if story is None:
                continue
            key = (order.asset_id or 0, story.causal_part.pk if story.causal_part else None)
            earlier = last_claimed.get(key)
            assert order.completed_at is not None
            if earlier and (order.completed_at - earlier).days < 100:
                continue  # the same part of the same unit again: a duplicate the checks block
            last_claimed[key] = order.completed_at
            self.stories.append(story)
        self._scenarios()
        return self.stories

    def _story(self, order: WorkOrder) -> Story | None:
        lines = list(order.lines.all())
        ops = [line.operation.code for line in lines if line.operation]
        if not ops:
            return None
        car = order.manufacturer_id == self.car_maker_id
        if ops[0] == BREAK_IN:
            kind, type_ = "break_in", "break_in"
        elif ops[0] in REPAIRS:
            kind, type_ = ("car" if car else "appliance"), "repair"
        else:
            return None
        if self.rng.random() >= SHARE[kind]:
            return None
        part = next((line.part for line in lines if line.part), None)
        category = order.asset.product_model.category.code if order.asset else ""
        if part is None and type_ == "repair":
            part = self.parts.get(CAUSE.get(ops[0]) or CAUSE.get(category, "HY-PCB-02"))
        return Story(order, type_, "approve", part)

    def age(self, story: Story) -> timedelta:
        assert story.order.completed_at is not None
        return self.demo.now - story.order.completed_at

    def is_car(self, story: Story) -> bool:
        return story.order.manufacturer_id == self.car_maker_id

    def reviewed(self, story: Story) -> bool:
        """Still an ordinary approval, and above the appliance maker's automatic approval: an
        auditor decides it."""
        return story.scenario == "approve" and (self.is_car(story) or story.order.total >= 250)

    def _scenarios(self) -> None:
        """The endings, chosen among claims old enough to have reached them; the newest wait."""
        pudong = [s for s in self.stories if s.order.station and s.order.station.code == PUDONG]
        recent = [s for s in pudong if self.age(s) < timedelta(days=20)]
        for story in (recent if len(recent) >= 2 else pudong)[-2:]:
            story.scenario = "draft"
        car = [s for s in self.stories if self.is_car(s)]
        waiting = [s for s in self.stories if self.reviewed(s) and s not in car][-4:]
        waiting += [s for s in car if self.reviewed(s)][-2:]
        for story in waiting:
            story.scenario = "wait"
        # Flagged by the checks in the queue: hours above the standard time, a reused photo.
        for story in waiting[::3]:
            story.extra_hours = Decimal("1.00")
        if len(waiting) > 1:
            waiting[1].reused_photo = True
        old = [s for s in self.stories if self.reviewed(s) and self.age(s) > timedelta(days=21)]
        self.rng.shuffle(old)
        start = 0
        for scenario, share in (("partial", 0.1), ("reject", 0.05), ("return", 0.08)):
            n = max(2, round(len(old) * share))
            for story in old[start : start + n]:
                story.scenario = scenario
                if scenario == "partial":
                    story.extra_hours = Decimal(self.rng.choice(["0.50", "1.00", "1.50"]))
            start += n
        # One returned lately and not yet corrected: Pudong's newest, else another station's.
        older = [s for s in self.stories if self.reviewed(s) and self.age(s) > timedelta(days=6)]
        mid = [s for s in older if s in pudong] or older
        if mid:
            mid[-1].scenario = "return_open"
        self._types([s for s in old if s.scenario == "approve"])

    def _types(self, approved: list[Story]) -> None:
        """Besides repairs: roadside rescue on a quarter of the car repairs, outside purchases
        where an appliance order fitted a part; one photo used twice (a warning)."""
        for story in self.stories:
            if self.is_car(story) and story.type == "repair" and self.rng.random() < 0.25:
                story.type = "roadside"
        plain = [s for s in approved if s.type == "repair" and not self.is_car(s)]
        bought = [s for s in plain if any(line.part for line in s.order.lines.all())]
        for story in bought[:3]:
            story.type = "outside_purchase"
        plain = [s for s in plain if s.type == "repair"]
        if plain:
            plain[0].reused_photo = True
