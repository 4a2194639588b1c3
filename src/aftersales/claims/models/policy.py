"""What a claim is judged against: the contract terms per station × manufacturer, each check's
mode per manufacturer, which parts fit which models, and the manufacturer's pre-authorisations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part, ProductModel
from aftersales.claims.choices import (
    CheckCode,
    CheckMode,
    ClaimType,
    PreAuthorisationStatus,
)
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.workorders.models import WorkOrder


class ClaimTerms(models.Model):
    """索赔协议: a station's contracted rates and the manufacturer's deadlines and thresholds.

    A row for the station wins over the manufacturer's row without a station (its default for
    every station), which wins over the defaults below (`terms.terms_for`). The whole row
    applies: fields are not merged across rows."""

    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    station = models.ForeignKey(
        Organisation,
        verbose_name=_("service station"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.STATION},
        help_text=_("Empty: the manufacturer's terms for every station without its own."),
    )
    labour_rate = models.DecimalField(
        _("contracted hourly labour rate"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the station's own hourly rate."),
    )
    handling_markup_percent = models.DecimalField(
        _("parts handling markup (%)"), max_digits=5, decimal_places=2, default=Decimal("10.00")
    )
    travel_rate_per_km = models.DecimalField(
        _("travel rate per km"), max_digits=8, decimal_places=2, default=Decimal("2.00")
    )
    call_out_fee = models.DecimalField(
        _("call-out fee"), max_digits=10, decimal_places=2, default=Decimal("50.00")
    )
    submission_deadline_days = models.PositiveSmallIntegerField(
        _("submit within (days after completion)"), default=30
    )
    duplicate_window_days = models.PositiveSmallIntegerField(
        _("duplicate window (days)"),
        default=90,
        help_text=_("Same serial and causal part claimed again within this many days."),
    )
    decision_working_days = models.PositiveSmallIntegerField(
        _("decide within (working days)"), default=5
    )
    auto_approve_below = models.DecimalField(
        _("auto-approve clean claims up to"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: never approve automatically."),
    )
    pre_authorisation_above = models.DecimalField(
        _("pre-authorisation needed above"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("5000.00"),
    )

    class Meta:
        verbose_name = _("claim terms (索赔协议)")
        verbose_name_plural = _("claim terms (索赔协议)")
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "station"], name="unique_claim_terms_per_station"
            ),
            models.UniqueConstraint(
                fields=["manufacturer"],
                condition=Q(station__isnull=True),
                name="unique_default_claim_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} · {self.station or _('every station')}"


class CheckSetting(models.Model):
    """Whether a check blocks the submission, warns the reviewer, or is off, per manufacturer."""

    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    code = models.CharField(_("check"), max_length=32, choices=CheckCode.choices)
    mode = models.CharField(_("mode"), max_length=8, choices=CheckMode.choices)

    class Meta:
        verbose_name = _("claim check setting")
        verbose_name_plural = _("claim check settings")
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "code"], name="unique_check_setting")
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} · {self.get_code_display()}: {self.get_mode_display()}"


class PartApplicability(models.Model):
    """适用车型: the models a part fits. A part with no row here fits every model of its
    manufacturer (the catalogue has no applicability data of its own); once a part has rows,
    it fits those models only."""

    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.CASCADE, related_name="+"
    )
    product_model = models.ForeignKey(
        ProductModel, verbose_name=_("model"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("part applicability (适用车型)")
        verbose_name_plural = _("part applicability (适用车型)")
        constraints = [
            models.UniqueConstraint(fields=["part", "product_model"], name="unique_applicability")
        ]

    def __str__(self) -> str:
        return f"{self.part} → {self.product_model}"


class PreAuthorisation(models.Model):
    """预授权: the manufacturer's consent before a repair (a major assembly, or an amount above the
    threshold), with the amount it covers. Requested by the station, granted or refused by the
    manufacturer (its machine in `workflow.py`)."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PreAuthorisationStatus.choices,
        default=PreAuthorisationStatus.REQUESTED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="pre_authorisations",
    )
    station = models.ForeignKey(
        Organisation, verbose_name=_("service station"), on_delete=models.PROTECT, related_name="+"
    )
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    network = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claim_type = models.CharField(_("claim type"), max_length=20, choices=ClaimType.choices)
    causal_part = models.ForeignKey(
        Part,
        verbose_name=_("causal part (主因件)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("what is to be repaired, and why"))
    requested_amount = models.DecimalField(_("requested amount"), max_digits=12, decimal_places=2)
    amount_limit = models.DecimalField(
        _("authorised up to"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_comment = models.TextField(_("decision comment"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("pre-authorisation (预授权)")
        verbose_name_plural = _("pre-authorisations (预授权)")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["manufacturer", "status"]),
            models.Index(fields=["station", "-created_at", "-id"], name="pa_station_newest"),
        ]

    def __str__(self) -> str:
        return self.number
