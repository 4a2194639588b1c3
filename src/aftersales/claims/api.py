"""The claims API: parse, call a service or a selector, shape the answer."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from aftersales.catalog import selectors as catalog
from aftersales.claims import lines, photos, pre_authorisations, review, selectors, services
from aftersales.claims.models import PreAuthorisation
from aftersales.claims.schemas import (
    CancelIn,
    ClaimChangeIn,
    ClaimDetailOut,
    ClaimIn,
    ClaimLineChangeIn,
    ClaimLineChangeOut,
    ClaimLineIn,
    ClaimListQuery,
    ClaimPageOut,
    ClaimVersionOut,
    PhotoOut,
    PreAuthorisationDecisionIn,
    PreAuthorisationIn,
    PreAuthorisationOut,
    ResubmitIn,
    ReviewIn,
    SubmitIn,
)
from aftersales.claims.submission import claim_resubmit, claim_submit
from aftersales.core.access import acting_user, scope
from aftersales.core.api_support import ERROR_RESPONSES, ErrorOut, Id, keyset_page
from aftersales.core.errors import field_error
from aftersales.workorders.schemas import EventOut
from aftersales.workorders.selectors import work_order_get

router = Router(tags=["claims"])


def _part(request: HttpRequest, pk: int | None, field: str = "causal_part_id") -> Any:
    if pk is None:
        return None
    part = catalog.part_find(request.user, pk)
    if part is None:
        raise field_error(field, _("Unknown part."))
    return part


def _pre_authorisation(request: HttpRequest, pk: int | None) -> PreAuthorisation | None:
    if pk is None:
        return None
    found = scope(PreAuthorisation.objects.filter(pk=pk), request.user).first()
    if found is None:
        raise field_error("pre_authorisation_id", _("Unknown pre-authorisation."))
    return found


@router.post(
    "/claims", response={201: ClaimDetailOut, **ERROR_RESPONSES}, operation_id="create_claim"
)
def create_claim(request: HttpRequest, payload: ClaimIn):
    """Draft a warranty claim (保修索赔单) from a work order your station completed; its labour
    and parts lines are copied at the contract's prices unless `copy_lines` is false. One claim
    per order and type (409 names the first), except roadside rescue."""
    order = work_order_get(request.user, payload.work_order_id)
    claim = services.claim_create(
        work_order=order,
        actor=acting_user(request),
        type=payload.type,
        causal_part=_part(request, payload.causal_part_id),
        fault_code=payload.fault_code,
        symptom=payload.symptom,
        mileage_km=payload.mileage_km,
        failure_date=payload.failure_date,
        repair_date=payload.repair_date,
        pre_authorisation=_pre_authorisation(request, payload.pre_authorisation_id),
        copy_lines=payload.copy_lines,
    )
    return 201, selectors.claim_get(request.user, claim.pk)


@router.get("/claims", response={200: ClaimPageOut, **ERROR_RESPONSES}, operation_id="list_claims")
def list_claims(request: HttpRequest, filters: Query[ClaimListQuery]):
    """Claims visible to you, newest first, keyset-paginated by `next_cursor`."""
    query = filters.dict()
    cursor, limit = query.pop("cursor"), query.pop("limit")
    qs = selectors.claim_list(request.user, selectors.ClaimFilters(**query))
    items, next_cursor = keyset_page(qs, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/claims/{claim_id}",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="get_claim",
)
def get_claim(request: HttpRequest, claim_id: Id):
    """The claim with its lines, photos and findings (for a draft: what the checks would find)."""
    return selectors.claim_get(request.user, claim_id)


@router.patch(
    "/claims/{claim_id}",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="change_claim",
)
def change_claim(request: HttpRequest, claim_id: Id, payload: ClaimChangeIn):
    """Correct the header of a draft or returned claim; only the fields sent change."""
    claim = selectors.claim_get(request.user, claim_id)
    sent = payload.dict(exclude_unset=True)
    expected_version = sent.pop("expected_version", None)
    changes: dict[str, Any] = {}
    for key, value in sent.items():
        if key == "causal_part_id":
            changes["causal_part"] = _part(request, value)
        elif key == "pre_authorisation_id":
            changes["pre_authorisation"] = _pre_authorisation(request, value)
        else:
            changes[key] = value
    if not changes:
        raise field_error("body", _("Send at least one field to change."))
    services.claim_change(
        claim=claim, actor=acting_user(request), changes=changes, expected_version=expected_version
    )
    return selectors.claim_get(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/lines",
    response={201: ClaimLineChangeOut, **ERROR_RESPONSES},
    operation_id="add_claim_line",
)
def add_claim_line(request: HttpRequest, claim_id: Id, payload: ClaimLineIn):
    claim = selectors.claim_get(request.user, claim_id)
    operation = None
    if payload.operation_id is not None:
        operation = catalog.labour_operation_find(request.user, payload.operation_id)
        if operation is None:
            raise field_error("operation_id", _("Unknown labour operation."))
    data = lines.LineInput(
        kind=payload.kind,
        quantity=payload.quantity,
        operation=operation,
        part=_part(request, payload.part_id, "part_id"),
        unit_price=payload.unit_price,
        markup_percent=payload.markup_percent,
        call_out_fee=payload.call_out_fee,
        invoice_number=payload.invoice_number,
        description=payload.description,
    )
    if data.quantity is None and data.kind != "other":
        raise field_error("quantity", _("Enter the hours, quantity or kilometres."))
    return 201, lines.claim_add_line(claim=claim, actor=acting_user(request), data=data)


@router.patch(
    "/claims/{claim_id}/lines/{claim_line_id}",
    response={200: ClaimLineChangeOut, **ERROR_RESPONSES},
    operation_id="change_claim_line",
)
def change_claim_line(
    request: HttpRequest, claim_id: Id, claim_line_id: Id, payload: ClaimLineChangeIn
):
    line = selectors.claim_line_get(request.user, claim_id, claim_line_id)
    return lines.claim_change_line(
        line=line, actor=acting_user(request), changes=payload.dict(exclude_unset=True)
    )


@router.delete(
    "/claims/{claim_id}/lines/{claim_line_id}",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="remove_claim_line",
)
def remove_claim_line(request: HttpRequest, claim_id: Id, claim_line_id: Id):
    """Take a line off a draft or returned claim; answers the claim with its new totals."""
    line = selectors.claim_line_get(request.user, claim_id, claim_line_id)
    lines.claim_remove_line(line=line, actor=acting_user(request))
    return selectors.claim_get(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/photos",
    response={201: PhotoOut, **ERROR_RESPONSES, 413: ErrorOut},
    operation_id="upload_claim_photo",
)
def upload_claim_photo(
    request: HttpRequest, claim_id: Id, file: File[UploadedFile], kind: Form[str] = "fault"
):
    """Attach a photo or a document (JPEG, PNG, GIF, WebP, PDF; checked by content) of a kind:
    fault, nameplate, part, odometer, invoice, document."""
    claim = selectors.claim_get(request.user, claim_id)
    photo = photos.claim_attach_photo(
        claim=claim, actor=acting_user(request), upload=file, kind=kind
    )
    return 201, photo


@router.delete(
    "/claims/{claim_id}/photos/{photo_id}",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="remove_claim_photo",
)
def remove_claim_photo(request: HttpRequest, claim_id: Id, photo_id: Id):
    """Take a photo or document off a draft or returned claim; answers the claim. The versions
    already submitted keep its name (the next one shows it removed)."""
    photo = selectors.claim_photo_of(request.user, claim_id, photo_id)
    photos.claim_remove_photo(photo=photo, actor=acting_user(request))
    return selectors.claim_get(request.user, claim_id)


@router.get(
    "/claim-photos/{photo_id}/file",
    response={200: None, **ERROR_RESPONSES},
    operation_id="download_claim_photo",
)
def download_claim_photo(request: HttpRequest, photo_id: Id):
    photo = selectors.claim_photo_get(request.user, photo_id)
    return FileResponse(
        photo.file.open("rb"), content_type=photo.content_type, filename=photo.original_name
    )


@router.post(
    "/claims/{claim_id}/submit",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="submit_claim",
)
def submit_claim(request: HttpRequest, claim_id: Id, payload: SubmitIn):
    """Submit to the manufacturer. The checks run first: a blocking finding answers 422 naming
    each (`checks.<code>` or `lines.<line id>.<code>`) and nothing changes; warnings go to the
    reviewer. A clean claim under the manufacturer's threshold is approved at once."""
    claim = selectors.claim_get(request.user, claim_id)
    claim_submit(claim=claim, actor=acting_user(request), expected_version=payload.expected_version)
    return selectors.claim_get(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/resubmit",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="resubmit_claim",
)
def resubmit_claim(request: HttpRequest, claim_id: Id, payload: ResubmitIn):
    """Resubmit a claim returned for correction (退单重报) as a new version."""
    claim = selectors.claim_get(request.user, claim_id)
    claim_resubmit(
        claim=claim,
        actor=acting_user(request),
        comment=payload.comment,
        expected_version=payload.expected_version,
    )
    return selectors.claim_get(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/review",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="review_claim",
)
def review_claim(request: HttpRequest, claim_id: Id, payload: ReviewIn):
    """The manufacturer decides: approve, approve_in_part (`lines`: each an approved quantity or
    amount with a reason code), reject (`reason_code`, `comment`) or return for correction
    (`comment`). A claim decided meanwhile answers 409."""
    claim = selectors.claim_get(request.user, claim_id)
    review.claim_review(
        claim=claim,
        actor=acting_user(request),
        decision=payload.decision,
        reason_code=payload.reason_code,
        comment=payload.comment,
        adjustments=[review.Adjustment(**line.dict()) for line in payload.lines],
        expected_version=payload.expected_version,
    )
    return selectors.claim_get(request.user, claim_id)


@router.post(
    "/claims/{claim_id}/cancel",
    response={200: ClaimDetailOut, **ERROR_RESPONSES},
    operation_id="cancel_claim",
)
def cancel_claim(request: HttpRequest, claim_id: Id, payload: CancelIn):
    """Withdraw a draft or a returned claim, with a reason."""
    claim = selectors.claim_get(request.user, claim_id)
    services.claim_cancel(
        claim=claim,
        actor=acting_user(request),
        reason=payload.reason,
        expected_version=payload.expected_version,
    )
    return selectors.claim_get(request.user, claim_id)


@router.get(
    "/claims/{claim_id}/versions",
    response={200: list[ClaimVersionOut], **ERROR_RESPONSES},
    operation_id="list_claim_versions",
)
def list_claim_versions(request: HttpRequest, claim_id: Id):
    """Every submitted version as it was, with what changed against the one before."""
    claim = selectors.claim_get(request.user, claim_id)
    return [
        {
            "number": row["version"].number,
            "total_amount": row["version"].total_amount,
            "comment": row["version"].comment,
            "created_at": row["version"].created_at,
            "snapshot": row["version"].snapshot,
            "changes": row["changes"],
        }
        for row in selectors.claim_versions(claim)
    ]


@router.get(
    "/claims/{claim_id}/events",
    response={200: list[EventOut], **ERROR_RESPONSES},
    operation_id="list_claim_events",
)
def list_claim_events(request: HttpRequest, claim_id: Id):
    """The claim's history: every change and every decision, who and when."""
    claim = selectors.claim_get(request.user, claim_id)
    return list(selectors.claim_events(claim))


@router.post(
    "/pre-authorisations",
    response={201: PreAuthorisationOut, **ERROR_RESPONSES},
    operation_id="request_pre_authorisation",
)
def request_pre_authorisation(request: HttpRequest, payload: PreAuthorisationIn):
    """Ask the manufacturer before the repair (预授权): a major assembly, or an amount above the
    contract's threshold."""
    order = work_order_get(request.user, payload.work_order_id)
    pa = pre_authorisations.pre_authorisation_request(
        work_order=order,
        actor=acting_user(request),
        claim_type=payload.claim_type,
        description=payload.description,
        requested_amount=payload.requested_amount,
        causal_part=_part(request, payload.causal_part_id),
    )
    return 201, pa


@router.get(
    "/pre-authorisations/{pre_authorisation_id}",
    response={200: PreAuthorisationOut, **ERROR_RESPONSES},
    operation_id="get_pre_authorisation",
)
def get_pre_authorisation(request: HttpRequest, pre_authorisation_id: Id):
    return selectors.pre_authorisation_get(request.user, pre_authorisation_id)


@router.post(
    "/pre-authorisations/{pre_authorisation_id}/decision",
    response={200: PreAuthorisationOut, **ERROR_RESPONSES},
    operation_id="decide_pre_authorisation",
)
def decide_pre_authorisation(
    request: HttpRequest, pre_authorisation_id: Id, payload: PreAuthorisationDecisionIn
):
    """The manufacturer grants (up to `amount_limit`) or refuses (with a comment)."""
    pa = selectors.pre_authorisation_get(request.user, pre_authorisation_id)
    if payload.decision not in ("grant", "refuse"):
        raise field_error("decision", _("Choose grant or refuse."))
    return pre_authorisations.pre_authorisation_decide(
        pre_authorisation=pa,
        actor=acting_user(request),
        grant=payload.decision == "grant",
        amount_limit=payload.amount_limit,
        comment=payload.comment,
        expected_version=payload.expected_version,
    )
