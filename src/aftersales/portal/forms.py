"""Page forms: they parse and validate the shape of input; services decide the rules."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import DomainError
from aftersales.core.ratelimit import (
    check_login_allowed,
    client_address,
    record_login_failure,
    record_login_success,
)
from aftersales.workorders.choices import OrderType, Priority


class RateLimitedLoginForm(AuthenticationForm):
    """Django's login form behind the login throttle: only failures count (core.ratelimit)."""

    def clean(self) -> dict[str, Any]:
        attempt = {
            "username": str(self.data.get("username") or ""),
            "address": client_address(self.request),
        }
        try:
            check_login_allowed(**attempt)
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message), code="rate_limited") from exc
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_login_failure(**attempt)
            raise
        record_login_success(**attempt)
        return cleaned


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's error on the form: on the named fields where the form has them."""
    placed = False
    for field, message in exc.fields.items():
        name = field.split(".")[-1]
        if name.endswith("_id") and name[:-3] in form.fields:
            name = name[:-3]
        if name in form.fields:
            form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _new_request_key() -> str:
    return uuid.uuid4().hex


def request_key_field() -> forms.CharField:
    """A hidden key per form shown: the same page posted again (Back, then submit) files once."""
    return forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=_new_request_key
    )


class ServiceRequestForm(forms.Form):
    asset = forms.TypedChoiceField(
        label=_("My product"), coerce=int, required=False, empty_value=None
    )
    serial = forms.CharField(label=_("…or its serial number / VIN"), max_length=40, required=False)
    fault_description = forms.CharField(
        label=_("What is wrong?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    preferred_start = forms.DateTimeField(
        label=_("Preferred time from"), required=False, widget=DateTimeLocalInput()
    )
    preferred_end = forms.DateTimeField(
        label=_("Preferred time to"), required=False, widget=DateTimeLocalInput()
    )
    photos = MultipleFileField(label=_("Photos or PDF (optional)"), required=False)
    idempotency_key = request_key_field()

    def __init__(self, *args: Any, assets: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["asset"]).choices = [("", _("— choose —"))] + [
            (a.pk, str(a)) for a in assets
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("asset") and not (data.get("serial") or "").strip():
            self.add_error("serial", _("Choose one of your products or enter its serial number."))
        return data


class IntakeForm(forms.Form):
    phone = forms.CharField(label=_("Caller's mobile phone"), max_length=20)
    name = forms.CharField(label=_("Name (new customers)"), max_length=120, required=False)
    province = forms.CharField(label=_("Province"), max_length=32, required=False)
    city = forms.CharField(label=_("City"), max_length=32, required=False)
    line = forms.CharField(label=_("Street address"), max_length=200, required=False)
    serial = forms.CharField(label=_("Serial number / VIN"), max_length=40, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=OrderType.choices, initial=OrderType.REPAIR)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    fault_description = forms.CharField(
        label=_("Fault description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    idempotency_key = request_key_field()


class RegisterProductForm(forms.Form):
    serial = forms.CharField(label=_("Serial number / VIN"), max_length=40)
    purchase_date = forms.DateField(
        label=_("Purchase date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    technician = forms.IntegerField(required=False)


class OfferResponseForm(forms.Form):
    """A technician's answer to an offer; whether a reason is needed is the service's rule."""

    decision = forms.ChoiceField(
        widget=forms.HiddenInput, choices=[("accept", "accept"), ("decline", "decline")]
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class LineForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("labour", _("Labour (工时)")), ("part", _("Part (备件)"))]
    )
    operation = forms.TypedChoiceField(
        label=_("Labour operation"), coerce=int, required=False, empty_value=None
    )
    part = forms.TypedChoiceField(label=_("Part"), coerce=int, required=False, empty_value=None)
    quantity = forms.DecimalField(
        label=_("Hours / quantity"), max_digits=10, decimal_places=2, min_value=0
    )

    def __init__(
        self, *args: Any, operations: Iterable[Any] = (), parts: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["operation"]).choices = [("", "—")] + [
            (o.pk, f"{o} ({o.standard_hours} h)") for o in operations
        ]
        cast(forms.ChoiceField, self.fields["part"]).choices = [("", "—")] + [
            (p.pk, f"{p} ¥{p.unit_price}") for p in parts
        ]


class LineCorrectionForm(forms.Form):
    """Correct a line's quantity, or remove the line: either way with a reason."""

    quantity = forms.DecimalField(label=_("Hours / quantity"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    internal = forms.BooleanField(label=_("Internal (staff only)"), required=False, initial=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    visible_to_customer = forms.BooleanField(
        label=_("Visible to the customer"), required=False, initial=True
    )


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Number, phone, serial, name or fault"), required=False, max_length=100
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types"))] + list(OrderType.choices)
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("All priorities"))] + list(Priority.choices),
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    possible_duplicate = forms.BooleanField(label=_("Possible duplicates"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from aftersales.workorders.choices import Status

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All states")),
            ("open", _("Open")),
        ] + list(Status.choices)
