"""Staff pages: work-order list and detail, phone intake, customer and asset pages.

The order page is read by one view; each thing a person does there (fire a transition, add a
line, comment, attach a file) posts to its own view, which lands back on the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from aftersales.catalog import selectors as catalog
from aftersales.catalog.models import LabourOperation, Part
from aftersales.core.access import acting_user, principal_for
from aftersales.core.api_support import keyset_page
from aftersales.core.errors import DomainError
from aftersales.core.pages import customer_required, staff_required
from aftersales.customers import privacy
from aftersales.customers import selectors as customers
from aftersales.customers import services as customer_services
from aftersales.customers.models import Customer
from aftersales.customers.privacy import CustomerView
from aftersales.dispatch import selectors as dispatch
from aftersales.portal.forms import (
    AttachmentForm,
    CommentForm,
    IntakeForm,
    LineForm,
    OfferResponseForm,
    OrderFilterForm,
    RevealForm,
    apply_domain_error,
)
from aftersales.warranty.panel import entitlement_panel
from aftersales.workorders import selectors
from aftersales.workorders.choices import Status
from aftersales.workorders.models import WorkOrder
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
            overdue=data.get("overdue") or None,
            possible_duplicate=data.get("possible_duplicate") or None,
        )
    qs = selectors.work_order_list(request.user, filters)
    try:
        orders, next_cursor = keyset_page(qs, request.GET.get("cursor"), PAGE_SIZE)
    except DomainError:
        orders, next_cursor = keyset_page(qs, None, PAGE_SIZE)
    counts = selectors.status_counts(request.user)
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


def line_choices(
    request: HttpRequest, order: WorkOrder
) -> tuple[QuerySet[LabourOperation], QuerySet[Part]]:
    """A line is priced from the labour operations and parts of the order's manufacturer."""
    return (
        catalog.labour_operations_of(request.user, order.manufacturer_id),
        catalog.parts_of(request.user, order.manufacturer_id),
    )


def line_form(request: HttpRequest, order: WorkOrder, data: Any = None) -> LineForm:
    operations, parts = line_choices(request, order)
    return LineForm(data, operations=operations, parts=parts)


def order_page(request: HttpRequest, order: WorkOrder, **bound_forms: Form) -> HttpResponse:
    """The order page; a refused action passes its bound form to show what to correct."""
    forms: dict[str, Form] = {
        "line_form": line_form(request, order),
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "respond_form": OfferResponseForm(),
        **bound_forms,
    }
    return render(
        request,
        "portal/order_detail.html",
        {
            "order": order,
            "status_colour": FLOW.colour(order.status),
            "sla": selectors.work_order_sla(order),
            "duplicate_of": selectors.possible_duplicate_of(request.user, order),
            "duplicates": selectors.possible_duplicates(request.user, order),
            "editable": FLOW.in_group(order.status, "editable"),
            "offer": dispatch.open_offer(order, request.user),
            "finished": FLOW.in_group(order.status, "terminal"),
            "transitions": selectors.allowed_transitions(request.user, order),
            "technicians": selectors.technician_choices(request.user, order),
            "lines": selectors.work_order_lines(request.user, order),
            "attachments": selectors.work_order_attachments(request.user, order),
            "events": selectors.work_order_events(request.user, order),
            "warranty": entitlement_panel(request.user, order),
            **forms,
        },
    )


@staff_required
@require_safe
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return order_page(request, selectors.work_order_get(request.user, pk))


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
            if order.possible_duplicate_of_id:
                messages.warning(
                    request, _("This unit already has an open order: check for a duplicate.")
                )
            return redirect("staff:order", pk=order.pk)
    return render(request, "portal/intake.html", {"form": form})


def _customer_page(
    request: HttpRequest, customer: Customer, person: CustomerView, reveal_form: Form
) -> HttpResponse:
    return render(
        request,
        "portal/customer_detail.html",
        {
            "customer": customer,
            "person": person,
            "reveal_form": reveal_form,
            "assets": customers.asset_list(request.user, customer=customer),
            "orders": selectors.work_order_list(
                request.user, selectors.WorkOrderFilters(customer_id=customer.pk)
            )[:100],
            "events": customers.customer_events(request.user, customer),
        },
    )


@staff_required
@require_safe
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customers.customer_get(request.user, pk)
    person = privacy.customer_view(request.user, customer)
    return _customer_page(request, customer, person, RevealForm())


@staff_required
def customer_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The masked personal data in full, in this answer only, recorded on the customer's
    timeline (a reload shows the masked page again)."""
    if request.method != "POST":
        return redirect("staff:customer", pk=pk)
    customer = customers.customer_get(request.user, pk)
    form = RevealForm(request.POST)
    try:
        person = customer_services.customer_reveal(
            customer=customer,
            actor=acting_user(request),
            reason=form.data.get("reason", ""),
        )
    except DomainError as exc:
        apply_domain_error(form, exc)
        messages.error(request, exc.describe())
        person = privacy.customer_view(request.user, customer)
    response = _customer_page(request, customer, person, form)
    response["HX-Push-Url"] = reverse("staff:customer", args=[pk])
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = customers.asset_get(request.user, pk)
    return render(
        request,
        "portal/asset_detail.html",
        {
            "asset": asset,
            "registration": getattr(asset, "registration", None),
            "orders": selectors.work_order_list(
                request.user, selectors.WorkOrderFilters(asset_id=asset.pk)
            )[:100],
            "events": customers.asset_events(request.user, asset),
        },
    )


def _download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_get(request.user, pk)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'inline; filename="attachment-{attachment.pk}"'
    return response


attachment_file = staff_required(_download)
customer_attachment_file = customer_required(_download)
