"""Warranty pages: the panel's actions on the staff order page (htmx: the panel answers itself;
without JavaScript: back to the order page), and the policies page."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from aftersales.core import clock
from aftersales.core.access import acting_user, may
from aftersales.core.errors import DomainError
from aftersales.core.pages import staff_required
from aftersales.warranty import selectors, services
from aftersales.warranty.forms import LinePayerForm, show_domain_error
from aftersales.warranty.panel import entitlement_panel, facts_form
from aftersales.workorders import selectors as orders
from aftersales.workorders.models import WorkOrder


def _answer(
    request: HttpRequest, order: WorkOrder, error: DomainError | None, **panel_args: object
) -> HttpResponse:
    done = _("Saved.") if error is None else error.describe()
    if request.headers.get("HX-Request") != "true":
        # Without JavaScript the form posted the whole page: back to it with the message.
        (messages.success if error is None else messages.error)(request, done)
        return redirect("staff:order", pk=order.pk)
    order = orders.work_order_get(request.user, order.pk)
    panel = entitlement_panel(
        request.user,
        order,
        message=done,
        message_class="" if error is None else "error",
        **panel_args,  # type: ignore[arg-type]
    )
    return render(request, "warranty/_panel.html", {"panel": panel, "order": order})


@staff_required
@require_POST
def order_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """The station records the warranty facts; the entitlement is decided again."""
    order = orders.work_order_get(request.user, pk)
    form = facts_form(order, selectors.entitlement_for(order), request.POST)
    if not form.is_valid():
        error = DomainError(_("Check the warranty facts."))
        return _answer(request, order, error, bound_facts=form)
    try:
        services.warranty_facts_set(
            work_order=order, actor=acting_user(request), **form.cleaned_data
        )
    except DomainError as exc:
        show_domain_error(form, exc)
        return _answer(request, order, exc, bound_facts=form)
    return _answer(request, order, None)


@staff_required
@require_POST
def line_payer(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    """Staff set who pays one line, with a reason."""
    line = orders.work_order_line_get(request.user, pk, line_id)
    order = line.work_order
    form = LinePayerForm(request.POST)
    if not form.is_valid():
        error = DomainError(_("Choose the payer and give a reason."))
        return _answer(request, order, error, bound_payer=(line.pk, form))
    try:
        services.work_order_line_payer_override(
            line=line, actor=acting_user(request), **form.cleaned_data
        )
    except DomainError as exc:
        show_domain_error(form, exc)
        return _answer(request, order, exc, bound_payer=(line.pk, form))
    return _answer(request, order, None)


@staff_required
@require_safe
def policies(request: HttpRequest) -> HttpResponse:
    """The policy versions this user may read, by manufacturer and category (editing is the
    manufacturer's, in the admin)."""
    if not may(request.user, "warranty:policies"):
        raise Http404
    today: date = timezone.localdate(clock.now())
    versions = list(selectors.policy_list(request.user))
    groups = [
        (maker, [(p, p.in_force(today)) for p in rows])
        for maker, rows in groupby(versions, key=lambda p: p.manufacturer)
    ]
    return render(request, "warranty/policies.html", {"groups": groups, "today": today})
