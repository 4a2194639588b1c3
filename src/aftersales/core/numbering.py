"""Human-readable document numbers: PREFIX-YYYYMMDD-NNNNNN, gap-free per prefix and day (and
PREFIX-YYYYMM-NNNNNN per month)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from aftersales.core import clock
from aftersales.core.models import Sequence


def next_number(prefix: str) -> str:
    day = timezone.localdate(clock.now())
    with transaction.atomic():
        # Insert-if-missing, then lock: two first numbers of a day cannot collide.
        Sequence.objects.bulk_create([Sequence(prefix=prefix, day=day)], ignore_conflicts=True)
        seq = Sequence.objects.select_for_update().get(prefix=prefix, day=day)
        seq.value += 1
        seq.save(update_fields=["value"])
    return f"{prefix}-{day:%Y%m%d}-{seq.value:06d}"


def next_monthly_number(prefix: str) -> str:
    """PREFIX-YYYYMM-NNNNNN, gap-free per prefix and month (claims: CL-202611-000042).

    The counter is the daily table's row for the month's first day under its own key
    (`CL:M`), so a daily series of the same prefix never shares it."""
    month = timezone.localdate(clock.now()).replace(day=1)
    key = f"{prefix}:M"
    with transaction.atomic():
        Sequence.objects.bulk_create([Sequence(prefix=key, day=month)], ignore_conflicts=True)
        seq = Sequence.objects.select_for_update().get(prefix=key, day=month)
        seq.value += 1
        seq.save(update_fields=["value"])
    return f"{prefix}-{month:%Y%m}-{seq.value:06d}"
