"""The customer portal: submit a request, follow my orders, my products, register a product."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from aftersales.core.access import acting_user
from aftersales.core.errors import DomainError
from aftersales.core.pages import customer_required
from aftersales.customers.models import Asset, RegistrationChannel
from aftersales.customers.selectors import asset_list, customer_of
from aftersales.customers.services import find_asset_by_serial, warranty_register
from aftersales.portal.forms import (
    CommentForm,
    RegisterProductForm,
    ServiceRequestForm,
    apply_domain_error,
)
from aftersales.portal.order_actions import order_action
from aftersales.portal.transitions import handle_transition
from aftersales.warranty.panel import customer_summary
from aftersales.workorders import selectors
from aftersales.workorders.choices import Channel
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.requests import service_request_submit
from aftersales.workorders.services import work_order_comment


def _my_assets(request: HttpRequest) -> list[Asset]:
    return list(asset_list(request.user))


@customer_required
def my_orders(request: HttpRequest) -> HttpResponse:
    orders = selectors.work_order_list(request.user)[:100]
    return render(request, "portal/my_orders.html", {"orders": orders})


@customer_required
def submit_request(request: HttpRequest) -> HttpResponse:
    assets = _my_assets(request)
    form = ServiceRequestForm(request.POST or None, request.FILES or None, assets=assets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = service_request_submit(
                customer=customer_of(request.user),
                actor=acting_user(request),
                channel=Channel.PORTAL,
                fault_description=data["fault_description"],
                asset=next((a for a in assets if a.pk == data["asset"]), None),
                serial=data["serial"] if not data["asset"] else "",
                preferred_start=data["preferred_start"],
                preferred_end=data["preferred_end"],
                photos=data["photos"],
                idempotency_key=data["idempotency_key"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            # The message names the state the page's badge shows (not a word of its own).
            messages.success(
                request,
                _("Your request %(number)s has been submitted; its status: %(status)s.")
                % {"number": order.number, "status": order.get_status_display()},
            )
            if order.possible_duplicate_of_id:
                messages.warning(
                    request, _("You already have an open request for this product (see below).")
                )
            return redirect("portal:order", number=order.number)
    return render(request, "portal/submit.html", {"form": form})


def _my_order_page(
    request: HttpRequest, order: WorkOrder, form: CommentForm | None = None
) -> HttpResponse:
    order = selectors.work_order_get(request.user, order.pk)
    return render(
        request,
        "portal/my_order.html",
        {
            "order": order,
            "duplicate_of": selectors.possible_duplicate_of(request.user, order),
            "events": selectors.work_order_events(request.user, order),
            "attachments": selectors.work_order_attachments(request.user, order),
            "transitions": selectors.allowed_transitions(request.user, order),
            "warranty": customer_summary(order),
            "form": form or CommentForm(),
        },
    )


def _refused(
    request: HttpRequest, order: WorkOrder, form: CommentForm | None = None
) -> HttpResponse:
    """The order page again, at its own address (a boosted form would show the action's)."""
    response = _my_order_page(request, order, form)
    response["HX-Push-Url"] = reverse("portal:order", args=[order.number])
    return response


@customer_required
@require_safe
def my_order(request: HttpRequest, number: str) -> HttpResponse:
    return _my_order_page(request, selectors.work_order_by_number(request.user, number))


_order_action = order_action(
    guard=customer_required,
    page="portal:order",
    key="number",
    lookup=selectors.work_order_by_number,
)


@_order_action
def my_order_transition(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    error = handle_transition(request, order)
    if error is None:
        return redirect("portal:order", number=order.number)
    messages.error(request, error.describe())
    return _refused(request, order)


@_order_action
def my_order_comment(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, order, form)
    work_order_comment(
        work_order=order,
        actor=acting_user(request),
        body=form.cleaned_data["body"],
        internal=False,
    )
    return redirect("portal:order", number=order.number)


@customer_required
def my_assets(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/my_assets.html", {"assets": _my_assets(request)})


@customer_required
def register_product(request: HttpRequest) -> HttpResponse:
    form = RegisterProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            asset = find_asset_by_serial(form.cleaned_data["serial"])
            warranty_register(
                asset=asset,
                customer=customer_of(request.user),
                channel=RegistrationChannel.WEB,
                purchase_date=form.cleaned_data["purchase_date"],
                actor=acting_user(request),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request, _("%(product)s is registered for warranty.") % {"product": asset}
            )
            return redirect("portal:assets")
    return render(request, "portal/register.html", {"form": form})
