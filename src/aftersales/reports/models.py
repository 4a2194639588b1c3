"""The reports own no data: they read the capability apps' records. One proxy gives the claims
as the statistics count them their own visibility rule (`access.py`), so a supplier's people
see the figures of their parts without seeing the claims themselves anywhere else."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aftersales.claims.models import Claim


class FaultClaim(Claim):
    class Meta:
        proxy = True
        verbose_name = _("claim in the fault statistics")
        verbose_name_plural = _("claims in the fault statistics")
        default_permissions = ()
