from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, HeaderEx, P, Query, Router
from ninja.files import UploadedFile

from aftersales.catalog import selectors as catalog
from aftersales.core.access import acting_user, principal_for, require
from aftersales.core.api_support import ERROR_RESPONSES, ErrorOut, Id, keyset_page
from aftersales.core.errors import Invalid, Unauthenticated, field_error
from aftersales.customers import selectors as customers
from aftersales.customers.selectors import customer_of
from aftersales.workorders import lines, selectors, services
from aftersales.workorders.choices import Channel
from aftersales.workorders.requests import service_request_submit
from aftersales.workorders.schemas import (
    AttachmentOut,
    CommentIn,
    CommentOut,
    EventOut,
    LineChangeIn,
    LineIn,
    LineOut,
    LineRemoveIn,
    ServiceRequestIn,
    SmsIn,
    SmsOut,
    TransitionIn,
    WorkOrderDetailOut,
    WorkOrderListQuery,
    WorkOrderPageOut,
)
from aftersales.workorders.sms import sms_receive

router = Router(tags=["work orders"])


@router.post(
    "/service-requests",
    response={201: WorkOrderDetailOut, **ERROR_RESPONSES},
    operation_id="create_service_request",
)
def create_service_request(
    request: HttpRequest,
    payload: ServiceRequestIn,
    idempotency_key: HeaderEx[
        str,
        P(
            alias="Idempotency-Key",
            max_length=64,
            description="Sent again with a retry, answers with the order the first call filed.",
        ),
    ] = "",
):
    """File a service request; it is routed to the manufacturer and region and becomes a work order.

    When the unit already has an open order of the customer, the new order says so in
    `possible_duplicate_of` (and is flagged for the agent)."""
    user = request.user
    principal = principal_for(user)
    if principal.is_customer and not principal.staff_roles:
        customer = customer_of(request.user)
        channel: str = Channel.PORTAL if payload.channel == Channel.PORTAL else Channel.API
    else:
        require(acting_user(request), "work_order:create", message=_("Your role may not do this."))
        if payload.customer_id is None:
            raise Invalid(
                _("Choose the customer."), fields={"customer_id": _("Required for staff.")}
            )
        customer = customers.customer_get(user, payload.customer_id)
        channel = (
            payload.channel if payload.channel in (Channel.API, Channel.PHONE) else Channel.API
        )
    asset = None
    if payload.asset_id is not None:
        asset = customers.asset_of_customer(customer, payload.asset_id)
        if asset is None:
            raise field_error("asset_id", _("Unknown asset for this customer."))
    address = None
    if payload.address_id is not None:
        address = customers.address_of_customer(customer, payload.address_id)
        if address is None:
            raise field_error("address_id", _("Unknown address for this customer."))
    order = service_request_submit(
        customer=customer,
        actor=acting_user(request),
        channel=channel,
        fault_description=payload.fault_description,
        asset=asset,
        serial=payload.serial,
        address=address,
        type=payload.type,
        priority=payload.priority,
        preferred_start=payload.preferred_start,
        preferred_end=payload.preferred_end,
        idempotency_key=idempotency_key,
    )
    return 201, selectors.work_order_get(user, order.pk)


@router.get(
    "/work-orders",
    response={200: WorkOrderPageOut, **ERROR_RESPONSES},
    operation_id="list_work_orders",
)
def list_work_orders(request: HttpRequest, filters: Query[WorkOrderListQuery]):
    """Work orders visible to you, newest first, keyset-paginated by `next_cursor`."""
    query = filters.dict()
    cursor, limit = query.pop("cursor"), query.pop("limit")
    qs = selectors.work_order_list(request.user, selectors.WorkOrderFilters(**query))
    # The API shape needs only the customer's name; the pages' wider joins would cost here.
    qs = qs.prefetch_related(None)
    items, next_cursor = keyset_page(qs, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/work-orders/{order_id}",
    response={200: WorkOrderDetailOut, **ERROR_RESPONSES},
    operation_id="get_work_order",
)
def get_work_order(request: HttpRequest, order_id: Id):
    order = selectors.work_order_get(request.user, order_id)
    # Read through the access layer just now: the answer need not ask again.
    order.visible_to_requester = True  # type: ignore[attr-defined]
    return order


@router.post(
    "/work-orders/{order_id}/transitions",
    response={200: WorkOrderDetailOut, **ERROR_RESPONSES},
    operation_id="transition_work_order",
)
def transition_work_order(request: HttpRequest, order_id: Id, payload: TransitionIn):
    """Fire a named transition (accept, assign, start, wait_parts, wait_customer, resume,
    complete, close, cancel, reopen). 409 lists the transitions allowed now."""
    order = selectors.work_order_get(request.user, order_id)
    technician = None
    if payload.technician_id is not None:
        technician = selectors.technician_named(payload.technician_id)
        if technician is None:
            raise field_error("technician_id", _("Unknown technician."))
    changed = services.work_order_transition(
        work_order=order,
        name=payload.transition,
        actor=acting_user(request),
        reason=payload.reason,
        technician=technician,
        expected_version=payload.expected_version,
    )
    return changed


@router.get(
    "/work-orders/{order_id}/events",
    response={200: list[EventOut], **ERROR_RESPONSES},
    operation_id="list_work_order_events",
)
def list_work_order_events(request: HttpRequest, order_id: Id):
    """The order's timeline; a customer sees only the public events."""
    order = selectors.work_order_get(request.user, order_id)
    return list(selectors.work_order_events(request.user, order))


@router.post(
    "/work-orders/{order_id}/lines",
    response={201: LineOut, **ERROR_RESPONSES},
    operation_id="add_work_order_line",
)
def add_work_order_line(request: HttpRequest, order_id: Id, payload: LineIn):
    order = selectors.work_order_get(request.user, order_id)
    operation = part = None
    if payload.operation_id is not None:
        operation = catalog.labour_operation_find(request.user, payload.operation_id)
        if operation is None:
            raise field_error("operation_id", _("Unknown labour operation."))
    if payload.part_id is not None:
        part = catalog.part_find(request.user, payload.part_id)
        if part is None:
            raise field_error("part_id", _("Unknown part."))
    line = lines.work_order_add_line(
        work_order=order,
        actor=acting_user(request),
        kind=payload.kind,
        quantity=payload.quantity,
        operation=operation,
        part=part,
        unit_price=payload.unit_price,
        description=payload.description,
    )
    return 201, line


@router.patch(
    "/work-orders/{order_id}/lines/{line_id}",
    response={200: LineOut, **ERROR_RESPONSES},
    operation_id="change_work_order_line",
)
def change_work_order_line(request: HttpRequest, order_id: Id, line_id: Id, payload: LineChangeIn):
    """Correct a line's quantity or price while the order is open; the reason is audited."""
    line = selectors.work_order_line_get(request.user, order_id, line_id)
    return lines.work_order_change_line(
        line=line,
        actor=acting_user(request),
        reason=payload.reason,
        quantity=payload.quantity,
        unit_price=payload.unit_price,
    )


@router.delete(
    "/work-orders/{order_id}/lines/{line_id}",
    response={200: WorkOrderDetailOut, **ERROR_RESPONSES},
    operation_id="remove_work_order_line",
)
def remove_work_order_line(
    request: HttpRequest, order_id: Id, line_id: Id, payload: Query[LineRemoveIn]
):
    """Take a line off an open order (`?reason=…`, audited). Answers the order's new totals."""
    line = selectors.work_order_line_get(request.user, order_id, line_id)
    lines.work_order_remove_line(line=line, actor=acting_user(request), reason=payload.reason)
    return selectors.work_order_get(request.user, order_id)


@router.post(
    "/work-orders/{order_id}/attachments",
    response={201: AttachmentOut, **ERROR_RESPONSES, 413: ErrorOut},
    operation_id="upload_work_order_attachment",
)
def upload_work_order_attachment(
    request: HttpRequest,
    order_id: Id,
    file: File[UploadedFile],
    visible_to_customer: Form[bool] = True,
):
    """Attach a photo (JPEG, PNG, GIF, WebP) or a PDF; the type is checked by content."""
    order = selectors.work_order_get(request.user, order_id)
    attachment = services.work_order_attach(
        work_order=order,
        actor=acting_user(request),
        upload=file,
        visible_to_customer=visible_to_customer,
    )
    return 201, attachment


@router.get(
    "/work-orders/{order_id}/attachments",
    response={200: list[AttachmentOut], **ERROR_RESPONSES},
    operation_id="list_work_order_attachments",
)
def list_work_order_attachments(request: HttpRequest, order_id: Id):
    order = selectors.work_order_get(request.user, order_id)
    return list(selectors.work_order_attachments(request.user, order))


@router.get(
    "/attachments/{attachment_id}/file",
    operation_id="download_attachment",
    response={200: None, **ERROR_RESPONSES},
)
def download_attachment(request: HttpRequest, attachment_id: Id):
    attachment = selectors.attachment_get(request.user, attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
    )


@router.post(
    "/work-orders/{order_id}/comments",
    response={201: CommentOut, **ERROR_RESPONSES},
    operation_id="add_work_order_comment",
)
def add_work_order_comment(request: HttpRequest, order_id: Id, payload: CommentIn):
    order = selectors.work_order_get(request.user, order_id)
    return 201, services.work_order_comment(
        work_order=order, actor=acting_user(request), body=payload.body, internal=payload.internal
    )


@router.get(
    "/work-orders/{order_id}/comments",
    response={200: list[CommentOut], **ERROR_RESPONSES},
    operation_id="list_work_order_comments",
)
def list_work_order_comments(request: HttpRequest, order_id: Id):
    order = selectors.work_order_get(request.user, order_id)
    return list(selectors.work_order_comments(request.user, order))


@router.post(
    "/sms/inbound",
    auth=None,
    response={200: SmsOut, **ERROR_RESPONSES},
    operation_id="sms_inbound",
)
def sms_inbound(request: HttpRequest, payload: SmsIn):
    """SMS provider webhook (header `X-Webhook-Token`). Parses `报修 <serial> <fault>` and
    `注册 <serial>`; answers with the reply text; a retried `message_id` creates nothing twice."""
    token = request.headers.get("X-Webhook-Token", "")
    if not settings.SMS_WEBHOOK_TOKEN or not constant_time_compare(
        token, settings.SMS_WEBHOOK_TOKEN
    ):
        raise Unauthenticated(_("Bad webhook token."))
    result = sms_receive(
        provider_message_id=payload.message_id, from_phone=payload.from_phone, text=payload.text
    )
    return {
        "reply": result.reply,
        "outcome": result.outcome,
        "work_order_number": result.work_order_number,
        "duplicate": result.duplicate,
    }
