"""The claims pages' forms: they parse and present; every rule is the services' (a domain
error comes back onto the form's field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part
from aftersales.claims.choices import (
    AdjustReason,
    ClaimStatus,
    ClaimType,
    LineKind,
    PhotoKind,
    RejectReason,
)
from aftersales.claims.models import PreAuthorisation
from aftersales.core.errors import DomainError

# A service's field name → the form's.
FIELD_NAMES = {
    "causal_part_id": "causal_part",
    "pre_authorisation_id": "pre_authorisation",
    "operation_id": "operation",
    "part_id": "part",
}


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """The service's field errors on the form's fields; anything else above the form."""
    placed = False
    for field, message in exc.fields.items():
        name = FIELD_NAMES.get(field, field)
        if name in form.fields:
            form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, exc.describe())


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClaimForm(forms.Form):
    type = forms.ChoiceField(label=_("Claim type"), choices=ClaimType.choices)
    causal_part = forms.ModelChoiceField(
        label=_("Causal part (主因件)"), queryset=Part.objects.none(), required=False
    )
    fault_code = forms.CharField(label=_("Fault code"), max_length=32, required=False)
    symptom = forms.CharField(
        label=_("Symptom"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    mileage_km = forms.IntegerField(
        label=_("Mileage (km)"), min_value=0, max_value=2_000_000, required=False
    )
    failure_date = forms.DateField(label=_("Failure date"), widget=DATE, required=False)
    repair_date = forms.DateField(label=_("Repair date"), widget=DATE, required=False)
    pre_authorisation = forms.ModelChoiceField(
        label=_("Pre-authorisation"), queryset=PreAuthorisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, parts: Any, pre_authorisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["causal_part"].queryset = parts  # type: ignore[attr-defined]
        self.fields["pre_authorisation"].queryset = pre_authorisations  # type: ignore[attr-defined]


class HeaderForm(ClaimForm):
    """The header of an existing claim: its type stays."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["type"]


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    operation = forms.ModelChoiceField(
        label=_("Labour operation"), queryset=LabourOperation.objects.none(), required=False
    )
    part = forms.ModelChoiceField(label=_("Part"), queryset=Part.objects.none(), required=False)
    quantity = forms.DecimalField(
        label=_("Hours / quantity / km"), max_digits=10, decimal_places=2, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Rate / unit price / amount"), max_digits=12, decimal_places=2, required=False
    )
    markup_percent = forms.DecimalField(
        label=_("Handling markup (%)"), max_digits=5, decimal_places=2, required=False
    )
    call_out_fee = forms.DecimalField(
        label=_("Call-out fee"), max_digits=12, decimal_places=2, required=False
    )
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=40, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args: Any, operations: Any, parts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations  # type: ignore[attr-defined]
        self.fields["part"].queryset = parts  # type: ignore[attr-defined]


class PhotoForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it shows"), choices=PhotoKind.choices)
    file = forms.FileField(label=_("Photo or PDF"))


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + ClaimStatus.choices, required=False
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All"))] + ClaimType.choices, required=False
    )
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices)
    comment = forms.CharField(
        label=_("Comment for the station"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ADJUST_CHOICES = [("", "—"), *AdjustReason.choices]
RETURN_CHOICES = [("", "—"), *RejectReason.choices]


class PreAuthorisationForm(forms.Form):
    claim_type = forms.ChoiceField(
        label=_("Claim type"), choices=ClaimType.choices, initial=ClaimType.MAJOR_ASSEMBLY
    )
    causal_part = forms.ModelChoiceField(
        label=_("Causal part (主因件)"), queryset=Part.objects.none(), required=False
    )
    requested_amount = forms.DecimalField(
        label=_("Expected amount"), max_digits=12, decimal_places=2
    )
    description = forms.CharField(
        label=_("What is to be repaired, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, parts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["causal_part"].queryset = parts  # type: ignore[attr-defined]
