"""The reports' template filters."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def percent(value: Any, signed: bool = False) -> str:
    """A fraction as a percentage with one decimal (0.2761 → 27.6%); "—" for none."""
    if value is None or value == "":
        return "—"
    number = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{'+' if signed and number > 0 else ''}{number}%"
