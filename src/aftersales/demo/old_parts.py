"""The demo's old parts (旧件) after the approvals: twice a month (from the 3rd and the 17th)
each station scraps on site what the rules scrap and sends the rest back, one shipment per
destination with its carrier and tracking number; the parts clerks (the makers', the compressor
supplier's) receive and inspect them a few days later, mostly "received", one "missing" (taken
back on the next statement) and one "fault not confirmed"; what was inspected or scrapped is
written off (核销) in the month after. The last round is still on its way."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from aftersales.core import clock
from aftersales.core.models import Organisation, User
from aftersales.demo import data
from aftersales.demo.timeline import Timeline, local, month_start, office_hours
from aftersales.settlement import old_parts
from aftersales.settlement.models import OldPart, OldPartShipment
from aftersales.settlement.workflow import INSPECTED, OLD_PART_FLOW

if TYPE_CHECKING:
    from aftersales.demo.loader import Demo

D = Decimal
CARRIERS = [("顺丰速运", "SF"), ("中通快递", "ZT"), ("德邦物流", "DPK")]
WEIGHT_KG = {"HY-COMP-01": D("9.5"), "HY-PCB-02": D("0.6"), "HY-DRAIN": D("1.2")}
RECEIVERS = {data.APPLIANCE[0]: "parts_clerk", data.CARMAKER[0]: "parts_clerk_car"}
RECEIVERS["SP-COMP"] = "supplier_clerk"
REVERSED = OLD_PART_FLOW.group("reversed")
FINDINGS = {
    "missing": "签收时箱内无此件，与装箱单不符",
    "fault_not_confirmed": "台架复测未发现故障，功能正常",
}


class OldParts:
    def __init__(
        self, demo: Demo, timeline: Timeline, users: dict[str, User], months: list[date]
    ) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.timeline = timeline
        self.users = users
        self.months = months
        self.makers = list(Organisation.objects.filter(kind="manufacturer").order_by("code"))
        self.findings = list(FINDINGS)

    def schedule(self) -> None:
        """The shipping rounds begun by now, and a write-off three weeks into each month."""
        rounds = self.shipping_rounds()
        for index, shipping in enumerate(rounds):
            # The last round's shipments are still on their way to the parts clerks.
            arrives = index < len(rounds) - 1
            for station, at in shipping:
                self.timeline.at(at, self.ship, station, arrives)
        for month in self.months[1:] + [timezone.localdate(month_start(self.demo.now))]:
            self.timeline.at(
                office_hours(local(month, time(11)) + timedelta(days=19)), self.write_off
            )

    def shipping_rounds(self) -> list[list[tuple[Organisation, datetime]]]:
        """Twice a month (from the 3rd and the 17th, a station a few hours after another)
        every station sends back its old parts; only the rounds already begun."""
        rounds = []
        for month in [*self.months[1:], timezone.localdate(month_start(self.demo.now))]:
            for first in (3, 17):
                start = local(month, time.min) + timedelta(days=first - 1)
                times = [
                    office_hours(start + timedelta(days=k % 4, hours=k % 6))
                    for k in range(len(self.demo.stations))
                ]
                if times[0] < self.demo.now:
                    rounds.append(list(zip(self.demo.stations, times, strict=True)))
        return rounds

    def shipper(self, station: Organisation) -> User:
        if station.code == "ST-SH-PD":
            return self.users["assessor"]
        return self.demo.managers[station.pk]

    def ship(self, station: Organisation, arrives: bool) -> None:
        """The station scraps what is scrapped on site and sends back its old parts (those of
        claims approved by yesterday), one shipment per destination."""
        actor = self.shipper(station)
        before = clock.now() - timedelta(days=1)
        parts = OldPart.objects.filter(station=station, created_at__lt=before).order_by("pk")
        for part in parts.filter(status="awaiting_scrap"):
            old_parts.old_part_scrap(old_part=part, actor=actor, note="现场拆解报废，已拍照留存")
        groups: dict[int, list[OldPart]] = defaultdict(list)
        for part in parts.filter(status="awaiting_return"):
            groups[part.destination_id or 0].append(part)
        for items in groups.values():
            carrier, prefix = self.rng.choice(CARRIERS)
            weight = sum((WEIGHT_KG.get(p.part.number, D("0.8")) for p in items), D("0.5"))
            shipment = old_parts.shipment_create(
                actor=actor,
                old_parts=items,
                data=old_parts.ShipmentInput(
                    carrier=carrier,
                    tracking_number=f"{prefix}{self.rng.randint(10**11, 10**12 - 1)}",
                    package_count=1 + len(items) // 6,
                    weight_kg=weight,
                    note=f"{len(items)} 件旧件，随附旧件标签",
                ),
            )
            received = office_hours(clock.now() + timedelta(days=self.rng.randint(2, 5)))
            if arrives:
                self.timeline.at(received, self.receive, shipment)

    def receive(self, shipment: OldPartShipment) -> None:
        destination = Organisation.objects.get(pk=shipment.destination_id)
        items = list(shipment.items.order_by("pk"))
        results = [old_parts.InspectionInput(p.pk, "received") for p in items]
        # In the last month before this one (so that the next statement takes it back): one
        # part missing from its box, one whose fault the maker's test bench does not find.
        last = self.months[-1] if self.months else None
        if (
            self.findings
            and destination.kind == "manufacturer"
            and last is not None
            and timezone.localdate(clock.now()) >= last
        ):
            finding = self.findings.pop(0)
            results[-1] = old_parts.InspectionInput(items[-1].pk, finding, FINDINGS[finding])
        old_parts.shipment_receive(
            shipment=shipment, actor=self.users[RECEIVERS[destination.code]], results=results
        )

    def write_off(self) -> None:
        """核销: what was inspected or scrapped before this month. A missing or wrong part
        stays open: the settlement run takes back only those not written off yet."""
        before = month_start(clock.now())
        for maker in self.makers:
            parts = list(
                OldPart.objects.filter(
                    manufacturer=maker,
                    status__in=[*(INSPECTED - REVERSED), "scrapped"],
                    updated_at__lt=before,
                ).order_by("pk")
            )
            if parts:
                old_parts.old_parts_write_off(
                    old_parts=parts, actor=self.users[RECEIVERS[maker.code]]
                )
