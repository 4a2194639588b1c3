"""Staff pages: work-order list and detail, phone intake, customer and asset pages."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.core.access import acting_user, get_visible, principal_for, scope
from aftersales.core.api_support import keyset_page
from aftersales.core.audit import events_for
from aftersales.core.errors import DomainError, Invalid
from aftersales.core.models import OrganisationKind, User
from aftersales.core.pages import customer_required, staff_required
from aftersales.core.roles import Role
from aftersales.customers.models import Asset, Customer
from aftersales.dispatch.models import Assignment, AssignmentStatus
from aftersales.portal.forms import (
    AttachmentForm,
    CommentForm,
    IntakeForm,
    LineForm,
    OrderFilterForm,
    apply_domain_error,
)
from aftersales.portal.transitions import handle_transition
from aftersales.workorders import selectors, services
from aftersales.workorders.choices import Status
from aftersales.workorders.models import Attachment, WorkOrder
from aftersales.workorders.requests import phone_intake
from aftersales.workorders.workflow import WORK_ORDER_FLOW as FLOW

PAGE_SIZE = 50


@staff_required
def order_list(request: HttpRequest) -> HttpResponse:
    query_data = request.GET
    if not query_data and principal_for(request.user).technician_only:
        # On the phone a technician starts from the jobs still to do.
        query_data = QueryDict("status=open")
    form = OrderFilterForm(query_data or None)
    filters = selectors.WorkOrderFilters()
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status")
        filters = selectors.WorkOrderFilters(
            status=sorted(FLOW.group("open"))
            if status == "open"
            else ([status] if status else None),
            type=data.get("type") or None,
            priority=data.get("priority") or None,
            q=data.get("q") or None,
        )
    qs = selectors.work_order_list(request.user, filters)
    try:
        orders, next_cursor = keyset_page(qs, request.GET.get("cursor"), PAGE_SIZE)
    except DomainError:
        orders, next_cursor = keyset_page(qs, None, PAGE_SIZE)
    counts = dict(
        scope(WorkOrder.objects.all(), request.user)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "portal/order_list.html",
        {
            "form": form,
            "orders": orders,
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "status_counts": [(s, s.label, counts.get(s.value, 0), FLOW.colour(s)) for s in Status],
        },
    )


def _technician_choices(order: WorkOrder) -> list[User]:
    """Technicians the order may go to: its station's, or its region's while it has no station."""
    qs = User.objects.filter(
        is_active=True, roles__role=Role.TECHNICIAN, organisation__kind=OrganisationKind.STATION
    )
    if order.station_id:
        qs = qs.filter(organisation_id=order.station_id)
    elif order.region_id:
        qs = qs.filter(organisation__region_id=order.region_id)
    else:
        return []
    return list(qs.select_related("organisation").order_by("organisation__name", "username"))


@staff_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.work_order_get(request.user, pk)
    operations = (
        LabourOperation.objects.filter(manufacturer_id=order.manufacturer_id)
        if order.manufacturer_id
        else LabourOperation.objects.none()
    )
    parts = (
        Part.objects.filter(manufacturer_id=order.manufacturer_id)
        if order.manufacturer_id
        else Part.objects.none()
    )
    line_form = LineForm(operations=operations, parts=parts)
    comment_form = CommentForm()
    attachment_form = AttachmentForm()
    error: DomainError | None = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "transition":
                error = handle_transition(request, order)
            elif action == "line":
                line_form = LineForm(request.POST, operations=operations, parts=parts)
                if line_form.is_valid():
                    d = line_form.cleaned_data
                    services.work_order_add_line(
                        work_order=order,
                        actor=acting_user(request),
                        kind=d["kind"],
                        quantity=d["quantity"],
                        operation=operations.filter(pk=d["operation"]).first()
                        if d["operation"]
                        else None,
                        part=parts.filter(pk=d["part"]).first() if d["part"] else None,
                    )
                else:
                    error = Invalid(_("Check the line."))
            elif action == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    services.work_order_comment(
                        work_order=order, actor=acting_user(request), **comment_form.cleaned_data
                    )
            elif action == "attach":
                attachment_form = AttachmentForm(request.POST, request.FILES)
                if attachment_form.is_valid():
                    services.work_order_attach(
                        work_order=order,
                        actor=acting_user(request),
                        upload=attachment_form.cleaned_data["file"],
                        visible_to_customer=attachment_form.cleaned_data["visible_to_customer"],
                    )
                else:
                    error = Invalid(_("Choose a file."))
        except DomainError as exc:
            error = exc
        if error is None:
            if not selectors.work_order_list(request.user).filter(pk=pk).exists():
                # The change handed the order on (e.g. taken back to the region): say so.
                messages.success(
                    request, _("%(number)s has been handed on.") % {"number": order.number}
                )
                return redirect("staff:orders")
            return redirect("staff:order", pk=pk)
        messages.error(request, error.describe())
        order = selectors.work_order_get(request.user, pk)
    return render(
        request,
        "portal/order_detail.html",
        {
            "order": order,
            "status_colour": FLOW.colour(order.status),
            "editable": FLOW.in_group(order.status, "editable"),
            "offer": Assignment.objects.filter(
                work_order=order, technician_id=request.user.pk, status=AssignmentStatus.OFFERED
            ).first(),
            "finished": FLOW.in_group(order.status, "terminal"),
            "transitions": selectors.allowed_transitions(request.user, order),
            "technicians": _technician_choices(order),
            "lines": order.lines.select_related("operation", "part"),
            "attachments": selectors.work_order_attachments(request.user, order),
            "events": selectors.work_order_events(request.user, order),
            "line_form": line_form,
            "comment_form": comment_form,
            "attachment_form": attachment_form,
        },
    )


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Phone intake: find the caller by mobile number (or record them), then file the request."""
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            order = phone_intake(actor=acting_user(request), **d)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request, _("Work order %(number)s created.") % {"number": order.number}
            )
            return redirect("staff:order", pk=order.pk)
    return render(request, "portal/intake.html", {"form": form})


@staff_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_visible(Customer.objects.prefetch_related("addresses"), request.user, pk=pk)
    return render(
        request,
        "portal/customer_detail.html",
        {
            "customer": customer,
            "assets": scope(
                customer.assets.select_related("product_model", "registration"), request.user
            ),
            "orders": selectors.work_order_list(
                request.user, selectors.WorkOrderFilters(customer_id=customer.pk)
            )[:100],
            "events": events_for(customer),
        },
    )


@staff_required
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_visible(
        Asset.objects.select_related("product_model", "customer", "manufacturer", "seller"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "portal/asset_detail.html",
        {
            "asset": asset,
            "registration": getattr(asset, "registration", None),
            "orders": selectors.work_order_list(
                request.user, selectors.WorkOrderFilters(asset_id=asset.pk)
            )[:100],
            "events": events_for(asset),
        },
    )


def _download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_visible(Attachment.objects.all(), request.user, pk=pk)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'inline; filename="attachment-{attachment.pk}"'
    return response


attachment_file = staff_required(_download)
customer_attachment_file = customer_required(_download)
