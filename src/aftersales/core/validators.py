from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import Invalid

# Mainland mobile numbers: 11 digits starting 13–19; an optional +86 / 86 prefix is dropped.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_mobile(raw: str, *, field: str = "phone") -> str:
    digits = re.sub(r"[\s-]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not MOBILE_RE.match(digits):
        raise Invalid(
            _("Enter a valid mainland mobile number (11 digits, e.g. 13812345678)."),
            fields={
                field: _("Enter a valid mainland mobile number (11 digits, e.g. 13812345678).")
            },
        )
    return digits
