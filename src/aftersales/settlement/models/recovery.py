"""追偿: what a supplier owes the manufacturer for the approved claims its parts caused, grouped
per supplier and month; the supplier confirms or disputes, the manufacturer records what came
back."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.claims.models import Claim
from aftersales.core.models import Organisation
from aftersales.settlement.choices import RecoveryStatus

ZERO = Decimal("0.00")


class SupplierRecovery(models.Model):
    number = models.CharField(_("number"), max_length=24, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecoveryStatus.choices,
        default=RecoveryStatus.ISSUED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    period = models.DateField(_("month"))
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey(
        Organisation, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+"
    )
    parts_share_percent = models.DecimalField(
        _("share of parts (%)"), max_digits=5, decimal_places=2
    )
    labour_share_percent = models.DecimalField(
        _("share of labour (%)"), max_digits=5, decimal_places=2
    )
    handling_fee_percent = models.DecimalField(
        _("handling fee (%)"), max_digits=5, decimal_places=2
    )
    parts_amount = models.DecimalField(_("parts"), max_digits=14, decimal_places=2, default=ZERO)
    labour_amount = models.DecimalField(_("labour"), max_digits=14, decimal_places=2, default=ZERO)
    handling_fee = models.DecimalField(
        _("handling fee"), max_digits=14, decimal_places=2, default=ZERO
    )
    total_amount = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=ZERO)
    agreed_amount = models.DecimalField(
        _("agreed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recovered_amount = models.DecimalField(
        _("recovered"), max_digits=14, decimal_places=2, default=ZERO
    )
    dispute_reason = models.CharField(_("supplier's objection"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("supplier recovery (追偿单)")
        verbose_name_plural = _("supplier recoveries (追偿单)")
        ordering = ["-period", "-id"]
        indexes = [
            models.Index(fields=["supplier", "-period"]),
            models.Index(fields=["manufacturer", "-period"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self) -> Decimal:
        due = self.agreed_amount if self.agreed_amount is not None else self.total_amount
        return due - self.recovered_amount


class RecoveryLine(models.Model):
    recovery = models.ForeignKey(SupplierRecovery, on_delete=models.CASCADE, related_name="lines")
    # A claim is recovered from its causal part's supplier once.
    claim = models.OneToOneField(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="recovery_line"
    )
    reference = models.CharField(_("claim"), max_length=24)
    part_number = models.CharField(_("causal part"), max_length=40)
    claim_parts = models.DecimalField(_("approved parts"), max_digits=12, decimal_places=2)
    claim_labour = models.DecimalField(_("approved labour"), max_digits=12, decimal_places=2)
    parts_amount = models.DecimalField(_("parts"), max_digits=12, decimal_places=2)
    labour_amount = models.DecimalField(_("labour"), max_digits=12, decimal_places=2)
    handling_fee = models.DecimalField(_("handling fee"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("recovery line")
        verbose_name_plural = _("recovery lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="recovery_line_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"
