"""The demo's warranty claims (保修索赔, DOMAIN.md §4.4), filed through the claims services at
the moments they would have been, on the demo's completed warranty orders of the last five
months: most approved (some automatically, under the appliance maker's threshold), some
approved in part (hours above the standard time cut back), some rejected with a reason code,
some returned for correction and resubmitted (two versions), the newest still waiting in the
auditors' queues (some flagged by the checks), one returned and two drafts at the Pudong
station. Types: repair/assessment mostly, roadside rescue with travel, break-in maintenance
cards, outside purchases with their invoices, and one major assembly pre-authorised before the
repair (`major_assembly.py`). Which orders and which endings: `claim_plans.py`; the contracts
they are priced by: `contracts.py`; the money that follows: `old_parts.py`, `settlement.py`.
Everything runs on one timeline (`timeline.py`), each step at its moment.
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from PIL import Image

from aftersales.catalog.models import Part
from aftersales.claims import photos, review, services, submission
from aftersales.claims.lines import LineInput, claim_add_line, claim_change_line
from aftersales.claims.models import Claim, PreAuthorisation
from aftersales.core import clock
from aftersales.core.models import Organisation, User
from aftersales.core.roles import Role
from aftersales.core.services import user_create
from aftersales.demo import contracts, data
from aftersales.demo.claim_plans import FAULT_CODES, PUDONG, Planner, Story
from aftersales.demo.major_assembly import major_assembly, pending_request
from aftersales.demo.progress import Progress
from aftersales.demo.settlement import Settlement
from aftersales.demo.timeline import Timeline, office_hours
from aftersales.workorders.models import WorkOrder

if TYPE_CHECKING:
    from aftersales.demo.loader import Demo

REJECTIONS = [
    ("misuse", "拆机检查发现进水腐蚀，属使用不当，不在三包范围。"),
    ("no_evidence", "故障照片看不出故障部位，检测记录缺失，无法认定质量故障。"),
    ("other", "同一故障已由用户自费维修，索赔不予受理。"),
]
PALETTE = {
    "fault": (176, 82, 62),
    "nameplate": (150, 158, 166),
    "document": (226, 216, 188),
    "part": (92, 94, 100),
}
RETURN_REASON = "铭牌照片模糊，无法核对序列号，请补拍后重报。"


def people(demo: Demo) -> None:
    """The claims' and settlement's people (in the loader's people step: one password hash)."""
    orgs = {o.code: o for o in Organisation.objects.all()}
    for username, role, code, name in data.CLAIMS_PEOPLE:
        user_create(
            username=username,
            password=data.DEMO_PASSWORD,
            roles=[Role(role)],
            organisation=orgs[code],
            display_name=name,
        )


class Claims:
    def __init__(self, demo: Demo, timeline: Timeline) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.timeline = timeline
        self.users = {u.username: u for u in User.objects.filter(organisation__isnull=False)}
        self.car_maker_id = Organisation.objects.get(code=data.CARMAKER[0]).pk
        self.colours = itertools.count(1)
        self.stories = Planner(demo).plan()

    # -- who ----------------------------------------------------------------------------
    def filer(self, order: WorkOrder) -> User:
        """Pudong's claims are its warranty assessor's; elsewhere the station manager's."""
        if order.station is not None and order.station.code == PUDONG:
            return self.users["assessor"]
        return self.demo.managers[order.station_id or 0]

    def reviewer(self, order: WorkOrder) -> User:
        return self.users[
            "auditor_car" if order.manufacturer_id == self.car_maker_id else "auditor"
        ]

    # -- evidence -----------------------------------------------------------------------
    def upload(self, kind: str, claim: Claim) -> SimpleUploadedFile:
        """A small picture in its kind's colours that no other claim has (its number in the
        corner pixel: the checks compare photos by content); an invoice as a PDF."""
        n = next(self.colours)
        if kind == "invoice":
            body = (
                f"%PDF-1.4\n% {claim.number} invoice {n}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
            )
            return SimpleUploadedFile(f"发票-{n}.pdf", body.encode(), "application/pdf")
        base = PALETTE.get(kind, (120, 140, 170))
        shade = tuple(min(255, c + (n * 13) % 28) for c in base)
        image = Image.new("RGB", (96, 72), shade)
        image.paste((245, 245, 240), (8, 50, 88, 62))
        image.paste((60, 60, 60), (8, 10, 40, 18))
        image.putpixel((0, 0), (n % 256, (n // 256) % 256, 255))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return SimpleUploadedFile(f"{kind}-{n}.png", buffer.getvalue(), "image/png")

    def attach(self, story: Story, kinds: tuple[str, ...]) -> None:
        assert story.claim is not None
        for kind in kinds:
            photos.claim_attach_photo(
                claim=story.claim,
                actor=self.filer(story.order),
                upload=self.upload(kind, story.claim),
                kind=kind,
            )

    # -- the steps ----------------------------------------------------------------------
    def when(self, moment: datetime) -> datetime:
        """Office hours when that is still in the past; else the moment itself."""
        moved = office_hours(moment)
        return moved if moved < self.demo.now else moment

    def schedule(self) -> None:
        for story in self.stories:
            assert story.order.completed_at is not None
            filed = self.when(story.order.completed_at + timedelta(hours=self.rng.uniform(1, 30)))
            # Every planned claim is filed before now, whatever the hour (the plan takes orders
            # completed three hours ago at the latest).
            latest = self.demo.now - timedelta(minutes=self.rng.randint(20, 120))
            filed = min(filed, max(latest, story.order.completed_at + timedelta(minutes=30)))
            self.timeline.at(filed, self.file, story)

    def add(
        self,
        order: WorkOrder,
        type_: str,
        causal_part: Part,
        *,
        at: datetime,
        pre_authorisation: PreAuthorisation | None = None,
    ) -> None:
        """A claim of an order completed while the timeline runs, approved in the end."""
        story = Story(order, type_, "approve", causal_part, pre_authorisation=pre_authorisation)
        self.stories.append(story)
        self.timeline.at(at, self.file, story)

    def file(self, story: Story) -> None:
        order, filer = story.order, self.filer(story.order)
        asset = order.asset
        category = asset.product_model.category if asset else None
        claim = services.claim_create(
            work_order=order,
            actor=filer,
            type=story.type,
            causal_part=story.causal_part,
            fault_code=FAULT_CODES.get(category.code, "") if category else "",
            symptom=order.fault_description,
            mileage_km=asset.mileage_km if asset and category and category.is_vehicle else None,
            pre_authorisation=story.pre_authorisation,
        )
        story.claim = claim
        if story.type == "roadside":
            km = Decimal(self.rng.randint(12, 85))
            claim_add_line(claim=claim, actor=filer, data=LineInput(kind="travel", quantity=km))
        if story.type == "outside_purchase":
            self.outside_purchase(story, filer)
        if story.extra_hours:
            labour = claim.lines.filter(kind="labour").first()
            if labour is not None:
                claim_change_line(
                    line=labour,
                    actor=filer,
                    changes={"quantity": labour.quantity + story.extra_hours},
                )
        kinds = submission_photos(story.type)
        if story.scenario == "draft":
            self.attach(story, kinds[:1])  # still collecting the evidence
            return
        self.attach(story, kinds)
        if story.reused_photo:
            self.reuse_photo(story)
        # Submitted the same day or the next, and in any case before now (a filed claim is sent).
        submit = self.when(clock.now() + timedelta(minutes=self.rng.randint(15, 600)))
        submit = min(submit, self.demo.now - timedelta(minutes=5))
        self.timeline.at(submit, self.submit, story)

    def outside_purchase(self, story: Story, filer: User) -> None:
        assert story.claim is not None
        part = next(line.part for line in story.order.lines.all() if line.part)
        claim_add_line(
            claim=story.claim,
            actor=filer,
            data=LineInput(
                kind="part",
                part=part,
                quantity=1,
                unit_price=(part.unit_price * Decimal("1.08")).quantize(Decimal("0.01")),
                invoice_number=f"044{self.rng.randint(10**9, 10**10 - 1)}",
                description=f"{part.name}（厂家缺货，本地采购）",
            ),
        )

    def reuse_photo(self, story: Story) -> None:
        """The fault photo of the claim before, attached again: the check warns the auditor."""
        assert story.claim is not None
        earlier = (
            Claim.objects.filter(station_id=story.claim.station_id, photos__kind="fault")
            .exclude(pk=story.claim.pk)
            .order_by("-pk")
            .first()
        )
        if earlier is None:
            return
        photo = earlier.photos.filter(kind="fault").first()
        assert photo is not None
        with photo.file.open("rb") as handle:
            upload = SimpleUploadedFile(photo.original_name, handle.read(), photo.content_type)
        photos.claim_attach_photo(
            claim=story.claim, actor=self.filer(story.order), upload=upload, kind="document"
        )

    def next(self, story: Story, delay: timedelta, step: Callable[[Story], None]) -> None:
        """The story's next step, `delay` after this one (in office hours)."""
        self.timeline.at(self.when(clock.now() + delay), step, story)

    def submit(self, story: Story) -> None:
        assert story.claim is not None
        claim = submission.claim_submit(claim=story.claim, actor=self.filer(story.order))
        story.claim = claim
        if claim.status != "submitted" or story.scenario == "wait":
            return  # approved automatically, or still in the auditor's queue
        self.next(story, timedelta(hours=self.rng.uniform(3, 70)), self.decide)

    def decide(self, story: Story) -> None:
        claim = story.claim
        assert claim is not None
        reviewer = self.reviewer(story.order)
        scenario = story.scenario
        if scenario in ("return", "return_open") and claim.revision == 1:
            review.claim_review(
                claim=claim,
                actor=reviewer,
                decision="return",
                reason_code="no_evidence",
                comment=RETURN_REASON,
            )
            if scenario == "return":
                self.next(story, timedelta(hours=self.rng.uniform(20, 60)), self.correct)
            return
        if scenario == "reject":
            code, comment = self.rng.choice(REJECTIONS)
            review.claim_review(
                claim=claim, actor=reviewer, decision="reject", reason_code=code, comment=comment
            )
            return
        labour = claim.lines.filter(kind="labour").first()
        if scenario == "partial" and labour is not None and labour.standard_hours:
            cut = review.Adjustment(
                line_id=labour.pk,
                reason_code="hours_above_standard",
                approved_quantity=labour.standard_hours,
                comment=f"按标准工时 {labour.standard_hours} 小时核定",
            )
            review.claim_review(
                claim=claim,
                actor=reviewer,
                decision="approve_in_part",
                comment="工时超出标准工时，按标准工时批准。",
                adjustments=[cut],
            )
            return
        review.claim_review(claim=claim, actor=reviewer, decision="approve")

    def correct(self, story: Story) -> None:
        assert story.claim is not None
        self.attach(story, ("nameplate",))
        story.claim = submission.claim_resubmit(
            claim=story.claim, actor=self.filer(story.order), comment="已补拍清晰的铭牌照片。"
        )
        self.next(story, timedelta(hours=self.rng.uniform(3, 50)), self.decide)

    def summary(self) -> str:
        counts = Counter(Claim.objects.values_list("status", flat=True))
        decided = Claim.objects.filter(status__in=["approved", "partially_approved", "settled"])
        in_part = decided.filter(approved_amount__lt=F("total_amount")).count()
        return (
            f"claims: {sum(counts.values())} (approved {decided.count() - in_part}, "
            f"in part {in_part}, rejected {counts['rejected']}, "
            f"resubmitted {Claim.objects.filter(revision__gte=2).count()}, "
            f"returned {counts['returned']}, "
            f"waiting {counts['submitted'] + counts['resubmitted']}, drafts {counts['draft']})"
        )


def submission_photos(type_: str) -> tuple[str, ...]:
    return {
        "repair": ("fault", "nameplate"),
        "break_in": ("document", "nameplate"),
        "roadside": ("fault", "document"),
        "outside_purchase": ("fault", "invoice"),
        "major_assembly": ("fault", "nameplate", "part"),
    }[type_]


def load(demo: Demo, progress: Progress) -> None:
    """Claims, then old parts, statements and recoveries, all on one timeline."""
    contracts.configure(demo)
    timeline = Timeline(demo.now)
    claims = Claims(demo, timeline)
    claims.schedule()
    major_assembly(claims)
    pending_request(claims)
    settle = Settlement(demo, timeline, claims.users)
    settle.schedule()
    timeline.run(progress, "claims")
    progress.line(f"{claims.summary()}, statements: {settle.summary()}")
