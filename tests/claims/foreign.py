"""Claims records in another network, for the access matrix (tests/test_access_matrix.py), and
known claim ids for the API fuzzer (tests/test_api_fuzz.py)."""

from __future__ import annotations

from typing import Any

from aftersales.claims import lines, photos, pre_authorisations, services
from aftersales.customers import services as customers
from aftersales.workorders import services as orders
from aftersales.workorders.models import WorkOrder
from tests.claims.helpers import make_claim, photo, submitted_claim
from tests.factories import World, make_user, work_order_in


def foreign_claim_records(
    *, station: Any, region: Any, customer: Any, model: Any, agent: Any, technician: Any, order: Any
) -> dict[str, Any]:
    """A claim (with a line and a photo) and a pre-authorisation of the foreign station."""
    manager = make_user("manager_net2", ["manager"], station)
    asset = customers.asset_create(
        product_model=model, serial="TV55-0002", customer=customer, actor=agent
    )
    done = orders.work_order_create(
        customer=customer, asset=asset, fault_description="无声", channel="phone", actor=agent
    )
    orders.work_order_transition(work_order=done, name="accept", actor=agent)
    orders.work_order_transition(
        work_order=done,
        name="assign",
        actor=make_user("disp2_net2", ["dispatcher"], region),
        technician=technician,
    )
    for step in ("start", "complete"):
        orders.work_order_transition(work_order=done, name=step, actor=technician)
    done.refresh_from_db()
    claim = services.claim_create(work_order=done, actor=manager, type="repair", copy_lines=False)
    line = lines.claim_add_line(
        claim=claim,
        actor=manager,
        data=lines.LineInput(kind="other", unit_price="10", description="拖车"),
    )
    picture = photos.claim_attach_photo(claim=claim, actor=manager, upload=photo(), kind="fault")
    pa = pre_authorisations.pre_authorisation_request(
        work_order=WorkOrder.objects.get(pk=order.pk),
        actor=manager,
        claim_type="major_assembly",
        description="更换主板",
        requested_amount="800",
    )
    return {"claim": claim, "claim_line": line, "claim_photo": picture, "pre_authorisation": pa}


def claim_ids(world: World) -> dict[str, list[int]]:
    """Real claim ids for the fuzzer's path parameters: a submitted claim and a draft."""
    submitted = submitted_claim(world)
    draft = make_claim(world)
    pa = pre_authorisations.pre_authorisation_request(
        work_order=work_order_in(world, "in_progress"),
        actor=world.users["manager"],
        claim_type="major_assembly",
        description="压缩机总成",
        requested_amount="900",
    )
    return {
        "claim_id": [submitted.pk, draft.pk],
        "claim_line_id": [line.pk for line in draft.lines.all()],
        "photo_id": [p.pk for p in draft.photos.all()],
        "pre_authorisation_id": [pa.pk],
    }
