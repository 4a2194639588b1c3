"""Human-readable document numbers: PREFIX-YYYYMMDD-NNNNNN, gap-free per prefix and day."""

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
