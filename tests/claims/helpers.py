"""Claims made the usual way: a fridge sold two months ago, repaired and completed at the Pudong
station, claimed by its manager with the photos a repair claim needs."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from aftersales.claims import photos, services
from aftersales.claims.models import Claim
from aftersales.claims.submission import claim_submit
from aftersales.core import clock
from aftersales.customers.models import Asset
from aftersales.workorders import lines
from aftersales.workorders.models import WorkOrder
from tests.factories import World, claims_people, fridge_of
from tests.images import png_bytes
from tests.workorders.helpers import advance, file_request

_colours = itertools.count(1)


def photo(name: str = "photo.png") -> SimpleUploadedFile:
    """A small PNG whose content no other photo of the run has (its own colour)."""
    n = next(_colours)
    colour = (n % 256, (n // 256) % 256, 77)
    return SimpleUploadedFile(name, png_bytes(colour=colour), content_type="image/png")


def today():
    return timezone.localdate(clock.now())


def fresh_fridge(world: World, **kw: Any) -> Asset:
    assert world.customer is not None
    kw.setdefault("purchase_date", today() - timedelta(days=60))
    return fridge_of(world, world.customer, **kw)


def claimable_order(
    world: World, *, asset: Asset | None = None, hours: str = "0.50", part: bool = True
) -> WorkOrder:
    """A completed order of the Pudong station with a diagnosis (and a compressor)."""
    order = file_request(world, asset=asset or fresh_fridge(world))
    advance(world, order, "accept", "assign", "start")
    tech = world.users["technician"]
    lines.work_order_add_line(
        work_order=order,
        actor=tech,
        kind="labour",
        quantity=Decimal(hours),
        operation=world.extra["op_diag"],
    )
    if part:
        lines.work_order_add_line(
            work_order=order, actor=tech, kind="part", part=world.extra["part"], quantity=1
        )
    return advance(world, order, "complete")


def make_claim(
    world: World,
    order: WorkOrder | None = None,
    *,
    type: str = "repair",
    actor: str = "manager",
    photo_kinds: tuple[str, ...] = ("fault", "nameplate"),
    **kw: Any,
) -> Claim:
    claims_people(world)
    order = order or claimable_order(world)
    kw.setdefault("causal_part", world.extra["part"])
    kw.setdefault("fault_code", "E1")
    kw.setdefault("symptom", "冰箱不制冷，压缩机不启动")
    claim = services.claim_create(work_order=order, actor=world.users[actor], type=type, **kw)
    for kind in photo_kinds:
        photos.claim_attach_photo(
            claim=claim, actor=world.users[actor], upload=photo(f"{kind}.png"), kind=kind
        )
    claim.refresh_from_db()
    return claim


def submitted_claim(world: World, **kw: Any) -> Claim:
    claim = make_claim(world, **kw)
    claim_submit(claim=claim, actor=world.users["manager"])
    claim.refresh_from_db()
    return claim
