"""对账单: per payee, per manufacturer, per month. A station's statement carries one line per
approved claim (the database keeps each claim on one statement), its deductions and adjustments
and, through a network, the network's fee; the manufacturer's statement with a network carries
one line per station statement. Locked once approved: nothing on it changes after that."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.claims.models import Claim
from aftersales.core.errors import Conflict
from aftersales.core.models import Organisation
from aftersales.settlement.choices import (
    AdjustmentKind,
    LineDispute,
    LineKind,
    StatementKind,
    StatementStatus,
)
from aftersales.settlement.models.old_parts import OldPart

ZERO = Decimal("0.00")


def _money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=ZERO)


class Statement(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=StatementKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StatementStatus.choices,
        default=StatementStatus.ISSUED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    # Given when finance approves and locks it.
    number = models.CharField(_("number"), max_length=24, blank=True)
    period = models.DateField(_("month"), help_text=_("The first day of the month settled."))
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    payer = models.ForeignKey(
        Organisation, verbose_name=_("payer"), on_delete=models.PROTECT, related_name="+"
    )
    payee = models.ForeignKey(
        Organisation, verbose_name=_("payee"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Organisation,
        verbose_name=_("service station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    network = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("network statement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    fee_percent = models.DecimalField(
        _("network fee (%)"), max_digits=5, decimal_places=2, default=ZERO
    )
    labour_amount = _money(_("labour"))
    parts_amount = _money(_("parts"))
    travel_amount = _money(_("travel"))
    outside_purchase_amount = _money(_("outside purchase"))
    other_amount = _money(_("other"))
    claims_amount = _money(_("approved claims"))
    deductions_amount = _money(_("deductions"))
    adjustments_amount = _money(_("adjustments"))
    fee_amount = _money(_("network fee"))
    total_amount = _money(_("total"))
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("settlement statement (结算对账单)")
        verbose_name_plural = _("settlement statements (结算对账单)")
        ordering = ["-period", "payee__code", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "payee", "period"], name="one_statement_per_month"
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="unique_statement_number"
            ),
        ]
        indexes = [
            models.Index(fields=["manufacturer", "-period"]),
            models.Index(fields=["payee", "-period"]),
            models.Index(fields=["payer", "-period"]),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.payee_id}·{self.period:%Y-%m}"

    @property
    def label(self) -> str:
        return self.number or f"{self.period:%Y-%m} · {_('draft (草稿)')}"

    @property
    def is_locked(self) -> bool:
        return self.status == StatementStatus.LOCKED

    def balances(self) -> bool:
        """Every statement balances to the cent: its parts add up to its total, and its lines
        add up to its parts."""
        parts = self.claims_amount + self.deductions_amount + self.adjustments_amount
        return parts + self.fee_amount == self.total_amount


class SettlementAdjustment(models.Model):
    """A penalty or an adjustment finance records for a station; the next statement carries it
    (a correction of a locked statement, say)."""

    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Organisation, verbose_name=_("service station"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Negative takes from the station, positive pays it."),
    )
    reason = models.CharField(_("reason"), max_length=500)
    corrects = models.ForeignKey(
        Statement,
        verbose_name=_("corrects statement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("settlement adjustment")
        verbose_name_plural = _("settlement adjustments")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class StatementLine(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    # Each approved claim on exactly one statement: the database refuses a second line.
    claim = models.OneToOneField(
        Claim,
        verbose_name=_("claim"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_line",
    )
    old_part = models.ForeignKey(
        OldPart,
        verbose_name=_("old part"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
    )
    adjustment = models.OneToOneField(
        SettlementAdjustment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_line",
    )
    child = models.OneToOneField(
        Statement,
        verbose_name=_("station statement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parent_line",
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    reference = models.CharField(_("reference"), max_length=40)
    description = models.CharField(_("description"), max_length=200, blank=True)
    labour = _money(_("labour"))
    parts = _money(_("parts"))
    travel = _money(_("travel"))
    outside_purchase = _money(_("outside purchase"))
    other = _money(_("other"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    dispute = models.CharField(
        _("dispute"), max_length=10, choices=LineDispute.choices, blank=True, default=""
    )
    dispute_reason = models.CharField(_("station's objection"), max_length=500, blank=True)
    resolution_comment = models.CharField(_("finance's answer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["id"]
        constraints = [
            # An old part is taken back (or its scrap deducted, or repaid) once.
            models.UniqueConstraint(
                fields=["old_part", "kind"],
                condition=Q(old_part__isnull=False),
                name="one_deduction_per_old_part",
            ),
            # Missing or wrong, or not returned in time: its amount is taken back once.
            models.UniqueConstraint(
                fields=["old_part"],
                condition=Q(kind__in=["old_part_reversal", "old_part_overdue"]),
                name="one_take_back_per_old_part",
            ),
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(kind=LineKind.NETWORK_FEE),
                name="one_fee_line_per_statement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        refuse_if_locked(self.statement_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_locked(self.statement_id)
        return super().delete(*args, **kwargs)


def refuse_if_locked(statement_id: int | None) -> None:
    """A locked statement never changes, whatever path tries (the admin, a shell)."""
    if (
        statement_id
        and Statement.objects.filter(pk=statement_id, status=StatementStatus.LOCKED).exists()
    ):
        raise Conflict(_("This statement is locked: corrections go on the next statement."))
