from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from aftersales.core.access import acting_user
from aftersales.core.errors import DomainError, Invalid
from aftersales.portal.forms import TransitionForm
from aftersales.workorders import selectors, services
from aftersales.workorders.models import WorkOrder


def handle_transition(request: HttpRequest, order: WorkOrder) -> DomainError | None:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return Invalid(_("Check the form."))
    technician = None
    if form.cleaned_data.get("technician"):
        technician = selectors.technician_named(form.cleaned_data["technician"])
    try:
        services.work_order_transition(
            work_order=order,
            name=form.cleaned_data["transition"],
            actor=acting_user(request),
            reason=form.cleaned_data.get("reason") or "",
            technician=technician,
            expected_version=form.cleaned_data.get("version"),
        )
    except DomainError as exc:
        return exc
    return None
