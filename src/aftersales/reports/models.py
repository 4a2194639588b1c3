"""The reports own no data: they read the capability apps' records. One proxy gives the claims
as the statistics count them their own visibility rule (`access.py`), so a supplier's people
see the figures of their parts without seeing the claims themselves anywhere else."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.claims.models import Claim
from aftersales.warranty.models import Entitlement


class FaultClaim(Claim):
    class Meta:
        proxy = True
        verbose_name = _("claim in the fault statistics")
        verbose_name_plural = _("claims in the fault statistics")
        default_permissions = ()


# The warranty entitlement of the claim's work order, joined on the order's id both rows hold
# (one entitlement per order) instead of through the work order's own table: at a million
# claim lines the detour cost a scan and a hash of every work order. A virtual relation (no
# column, no migration), for reading only.
models.ForeignObject(
    Entitlement,
    on_delete=models.DO_NOTHING,
    from_fields=["work_order"],
    to_fields=["work_order"],
    related_name="+",
    null=True,
).contribute_to_class(FaultClaim, "entitlement", private_only=True)
