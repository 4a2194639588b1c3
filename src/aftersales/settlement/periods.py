"""Months as the settlement counts them: local calendar months (Asia/Shanghai by default)."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.errors import field_error

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str, field: str = "month") -> date:
    """ "2026-11" → 2026-11-01; a month after this one is refused."""
    match = MONTH_RE.match((value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise field_error(field, _("Enter a month as YYYY-MM."))
    month = date(int(match.group(1)), int(match.group(2)), 1)
    if month > current_month():
        raise field_error(field, _("A month that has not begun cannot be settled."))
    return month


def current_month() -> date:
    return timezone.localdate(clock.now()).replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def end_of(month: date) -> datetime:
    """The first instant after the month, local time (timezone-aware)."""
    return timezone.make_aware(datetime.combine(next_month(month), time.min))
