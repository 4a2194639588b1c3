"""What a person does on a staff order page: each action its own view (a POST), back to the
order page with a message, or the page again with the form as posted when it was refused."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.access import acting_user
from aftersales.core.errors import DomainError, Invalid
from aftersales.core.pages import staff_required
from aftersales.dispatch import services as dispatch_services
from aftersales.portal.forms import (
    AttachmentForm,
    CommentForm,
    LineCorrectionForm,
    LineForm,
    OfferResponseForm,
    apply_domain_error,
)
from aftersales.portal.order_actions import order_action
from aftersales.portal.transitions import handle_transition
from aftersales.portal.views_staff import line_choices, order_page
from aftersales.workorders import lines, selectors, services
from aftersales.workorders.models import WorkOrder

_order_action = order_action(
    guard=staff_required, page="staff:order", key="pk", lookup=selectors.work_order_get
)


def _acted(
    request: HttpRequest, order: WorkOrder, error: DomainError | None, **bound_forms: Form
) -> HttpResponse:
    """Back to the order page after an action: a redirect when it was done, the page with the
    message (and the form as posted) when it was refused."""
    if error is None:
        if not selectors.is_visible(request.user, order):
            # The change handed the order on (e.g. taken back to the region): say so.
            messages.success(
                request, _("%(number)s has been handed on.") % {"number": order.number}
            )
            return redirect("staff:orders")
        return redirect("staff:order", pk=order.pk)
    messages.error(request, error.describe())
    response = order_page(request, selectors.work_order_get(request.user, order.pk), **bound_forms)
    # A boosted form would otherwise leave the action's address in the location bar.
    response["HX-Push-Url"] = reverse("staff:order", args=[order.pk])
    return response


@_order_action
def order_transition(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    return _acted(request, order, handle_transition(request, order))


@_order_action
def order_respond(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    """The technician accepts or declines the offer in the order page's offer box; a refused
    answer (a decline without a reason) shows the page with the box and its field error."""
    form = OfferResponseForm(request.POST)
    if not form.is_valid():
        return _acted(request, order, Invalid(_("Check the form.")), respond_form=form)
    try:
        dispatch_services.assignment_respond(
            work_order=order,
            technician=acting_user(request),
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _acted(request, order, exc, respond_form=form)
    return _acted(request, order, None)


@_order_action
def order_line_add(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    operations, parts = line_choices(request, order)
    form = LineForm(request.POST, operations=operations, parts=parts)
    if not form.is_valid():
        return _acted(request, order, Invalid(_("Check the line.")), line_form=form)
    data = form.cleaned_data
    try:
        lines.work_order_add_line(
            work_order=order,
            actor=acting_user(request),
            kind=data["kind"],
            quantity=data["quantity"],
            operation=operations.filter(pk=data["operation"]).first()
            if data["operation"]
            else None,
            part=parts.filter(pk=data["part"]).first() if data["part"] else None,
        )
    except DomainError as exc:
        return _acted(request, order, exc, line_form=form)
    return _acted(request, order, None)


@_order_action
def order_comment_add(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.work_order_comment(
                work_order=order, actor=acting_user(request), **form.cleaned_data
            )
        except DomainError as exc:
            return _acted(request, order, exc, comment_form=form)
    # An empty comment is ignored, as it always was (the field is required in the browser).
    return _acted(request, order, None)


@_order_action
def order_attachment_add(request: HttpRequest, order: WorkOrder) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _acted(request, order, Invalid(_("Choose a file.")), attachment_form=form)
    try:
        services.work_order_attach(
            work_order=order,
            actor=acting_user(request),
            upload=form.cleaned_data["file"],
            visible_to_customer=form.cleaned_data["visible_to_customer"],
        )
    except DomainError as exc:
        return _acted(request, order, exc, attachment_form=form)
    return _acted(request, order, None)


def _line_action(request: HttpRequest, pk: int, line_id: int, *, remove: bool) -> HttpResponse:
    line = selectors.work_order_line_get(request.user, pk, line_id)
    form = LineCorrectionForm(request.POST)
    if not form.is_valid():
        errors = {field: messages[0] for field, messages in form.errors.items()}
        return _acted(request, line.work_order, Invalid(_("Check the line."), fields=errors))
    reason, actor = form.cleaned_data["reason"], acting_user(request)
    try:
        if remove:
            lines.work_order_remove_line(line=line, actor=actor, reason=reason)
        else:
            lines.work_order_change_line(
                line=line, actor=actor, reason=reason, quantity=form.cleaned_data["quantity"]
            )
    except DomainError as exc:
        return _acted(request, line.work_order, exc)
    return _acted(request, line.work_order, None)


@staff_required
@require_POST
def order_line_change(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    """Correct a line's quantity while the order is open; the reason goes on the timeline."""
    return _line_action(request, pk, line_id, remove=False)


@staff_required
@require_POST
def order_line_remove(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    """Take a line off while the order is open; the reason goes on the timeline."""
    return _line_action(request, pk, line_id, remove=True)
