"""The forms of the warranty panel on the staff order page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import DomainError
from aftersales.warranty.services import MAX_MILEAGE_KM
from aftersales.warranty.terms import Cause
from aftersales.workorders.choices import Payer

PROOF_CHOICES = [
    ("", _("Not checked yet")),
    ("yes", _("Shown")),
    ("no", _("Not shown")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class WarrantyFactsForm(forms.Form):
    proof_of_purchase = forms.TypedChoiceField(
        label=_("Invoice and warranty card"),
        choices=PROOF_CHOICES,
        required=False,
        coerce={"yes": True, "no": False}.get,
        empty_value=None,
    )
    serial_label_intact = forms.BooleanField(
        label=_("Serial label intact"), required=False, initial=True
    )
    serial_matches_card = forms.BooleanField(
        label=_("Serial matches the card"), required=False, initial=True
    )
    repaired_by_unauthorised = forms.BooleanField(
        label=_("Repaired or dismantled by unauthorised people"), required=False
    )
    cause = forms.ChoiceField(
        label=_("Cause of the damage"), choices=Cause.choices(), initial=Cause.NORMAL.value
    )
    component_code = forms.ChoiceField(label=_("Failed component"), required=False)
    mileage_km = forms.IntegerField(
        label=_("Mileage (km)"), required=False, min_value=0, max_value=MAX_MILEAGE_KM
    )
    sale_date = forms.DateField(label=_("Date of sale"), required=False, widget=DateInput)
    installation_accepted_date = forms.DateField(
        label=_("Installation accepted on"), required=False, widget=DateInput
    )
    registration_date = forms.DateField(
        label=_("First registration (上牌) on"), required=False, widget=DateInput
    )
    first_owner = forms.BooleanField(label=_("First owner"), required=False, initial=True)
    whole_product = forms.BooleanField(
        label=_("The whole product (not a part alone)"), required=False, initial=True
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(
        self, *args: Any, components: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("The whole product")), *(components or [])]
        self.fields["component_code"].choices = choices  # type: ignore[attr-defined]


class LinePayerForm(forms.Form):
    payer = forms.ChoiceField(label=_("Payer"), choices=Payer.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)


def show_domain_error(form: forms.Form, exc: DomainError) -> None:
    """A service's error on the form: on the named fields where the form has them."""
    placed = False
    for field, message in exc.fields.items():
        if field in form.fields:
            form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))
