from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import field_error, lazy_message

# Mainland mobile numbers: 11 digits starting 13–19; an optional +86 / 86 prefix is dropped.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_mobile(raw: str, *, field: str = "phone") -> str:
    digits = re.sub(r"[\s-]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not MOBILE_RE.match(digits):
        raise field_error(
            field, _("Enter a valid mainland mobile number (11 digits, e.g. 13812345678).")
        )
    return digits


# A number as people write one, in ASCII digits: Decimal() and pydantic alone also take "1_000"
# and full-width "１".
PLAIN_NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def plain_number(value: object) -> object:
    """A pydantic before-validator: a text must be a plain decimal number; numbers pass."""
    if isinstance(value, str) and not PLAIN_NUMBER_RE.fullmatch(value.strip()):
        raise ValueError("not a plain decimal number")
    return value


# Control characters other than tab and newline: PostgreSQL refuses NUL in text outright, and
# none of them belongs in a name, a fault description or a comment.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(
    value: str | None,
    *,
    field: str,
    max_length: int,
    required: bool = False,
    single_line: bool = False,
) -> str:
    """Stripped text, or a field error: required, too long, or with control characters."""
    text = (value or "").strip()
    if required and not text:
        raise field_error(field, _("This field is required."))
    if CONTROL_RE.search(text) or (single_line and ("\n" in text or "\t" in text)):
        raise field_error(field, _("Remove the control characters from this text."))
    if len(text) > max_length:
        raise field_error(
            field,
            lazy_message(
                _("At most %(limit)d characters (%(length)d given)."),
                limit=max_length,
                length=len(text),
            ),
        )
    return text


def clean_email(value: str | None, *, field: str = "email") -> str:
    email = clean_text(value, field=field, max_length=254, single_line=True)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise field_error(field, _("Enter a valid e-mail address.")) from None
    return email
