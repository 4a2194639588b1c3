"""The fault statistics page's filter form: it parses and offers choices; the checks are the
same as the API's (`filters.resolve`), their field errors put back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductCategory, ProductModel
from aftersales.core.access import principal_for, scope
from aftersales.core.errors import DomainError
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.reports.filters import StatusGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = [("", _("All"))]
# The form's field → the filter's.
FILTER_NAMES = {
    "manufacturer": "manufacturer_id",
    "model": "model_id",
    "category": "category_id",
    "supplier": "supplier_id",
}


class FaultFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Decided from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Decided to"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Claims counted"), choices=StatusGroup.choices, required=False
    )
    manufacturer = forms.TypedChoiceField(
        label=_("Manufacturer"), coerce=int, required=False, empty_value=None
    )
    category = forms.TypedChoiceField(
        label=_("Product category"), coerce=int, required=False, empty_value=None
    )
    model = forms.TypedChoiceField(label=_("Model"), coerce=int, required=False, empty_value=None)
    supplier = forms.TypedChoiceField(
        label=_("Supplier"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        principal = principal_for(user)
        # A manufacturer's people see their own products only: no choice to make.
        own = (
            principal.organisation_id
            if principal.org_kind == OrganisationKind.MANUFACTURER
            else None
        )
        if own is not None:
            del self.fields["manufacturer"]
        else:
            makers = scope(Organisation.objects.filter(kind=OrganisationKind.MANUFACTURER), user)
            self._choices("manufacturer", makers.order_by("name").values_list("pk", "name"))
        mine = {"manufacturer_id": own} if own is not None else {}
        categories = scope(ProductCategory.objects.filter(**mine), user).order_by("name")
        self._choices("category", categories.values_list("pk", "name"))
        models = scope(ProductModel.objects.filter(**mine), user).order_by("code")
        self._choices(
            "model",
            [
                (pk, f"{name} ({code})")
                for pk, name, code in models.values_list("pk", "name", "code")
            ],
        )
        supplied = scope(Part.objects.filter(supplier__isnull=False, **mine), user)
        self._choices(
            "supplier",
            supplied.values_list("supplier_id", "supplier__name")
            .distinct()
            .order_by("supplier__name"),
        )

    def _choices(self, name: str, pairs: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*ANY, *((str(pk), label) for pk, label in pairs)]

    def filter_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "status": data.get("status") or None,
        }
        for field, name in FILTER_NAMES.items():
            values[name] = data.get(field)
        return values

    def apply_domain_error(self, exc: DomainError) -> None:
        placed = False
        by_filter = {name: field for field, name in FILTER_NAMES.items()}
        for name, message in exc.fields.items():
            field = by_filter.get(name, name)
            if field in self.fields:
                self.add_error(field, str(message))
                placed = True
        if not placed:
            self.add_error(None, exc.describe())
