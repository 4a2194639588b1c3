"""Warranty (三包) policies as data, extensions per unit, the facts a station records on a work
order, and the entitlement decided for it (issue 9 items 1-2).

A policy version is immutable once a decision used it: a change is a new version with its own
effective period (`policies.py`), and every decision keeps a snapshot of the terms and facts it
was made on, so a later change never alters a decision already made.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductCategory, ProductModel
from aftersales.core.errors import Invalid
from aftersales.core.models import Organisation, OrganisationKind
from aftersales.customers.models import Asset
from aftersales.warranty.terms import (
    Cause,
    ExtensionKind,
    MileageVerdict,
    Outcome,
    Rule,
    StartEvent,
)
from aftersales.workorders.models import WorkOrder


class WarrantyPolicy(models.Model):
    """One version of a manufacturer's warranty terms for a product category, or for one model
    of it (an override), in force from `valid_from` to `valid_to` (inclusive; open-ended when
    empty). Which version applies to a unit: the one in force on the day it was sold."""

    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="warranty_policies",
    )
    product_model = models.ForeignKey(
        ProductModel,
        verbose_name=_("product model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warranty_policies",
        help_text=_("Only for this model (overrides the category's policy); empty: every model."),
    )
    version_label = models.CharField(_("version"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    return_days = models.PositiveSmallIntegerField(
        _("return within (days)"), default=7, help_text=_("0: no return.")
    )
    exchange_days = models.PositiveSmallIntegerField(
        _("exchange within (days)"), default=30, help_text=_("0: no exchange.")
    )
    repair_months = models.PositiveSmallIntegerField(
        _("free repair (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the category's warranty term."),
    )
    mileage_limit_km = models.PositiveIntegerField(
        _("mileage limit (km)"),
        null=True,
        blank=True,
        help_text=_("Vehicles: whichever comes first, the months or the mileage."),
    )
    start_event = models.CharField(
        _("counted from"), max_length=16, choices=StartEvent.choices(), default=StartEvent.SALE
    )
    extend_over_holidays = models.BooleanField(
        _("a last day on a rest day moves to the next working day"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("warranty policy (三包政策)")
        verbose_name_plural = _("warranty policies")
        ordering = ["manufacturer", "category", "product_model", "-valid_from"]
        indexes = [models.Index(fields=["category", "product_model", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="warranty_policy_period",
            ),
            models.CheckConstraint(
                condition=Q(exchange_days=0) | Q(exchange_days__gte=models.F("return_days")),
                name="warranty_policy_exchange_after_return",
            ),
        ]

    def __str__(self) -> str:
        model = self.product_model if self.product_model_id else None
        scope = model.code if model is not None else self.category.name
        return f"{scope} · {self.version_label}"

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def is_used(self) -> bool:
        """A decision was made under it: its terms never change again."""
        return Entitlement.objects.filter(policy=self).exists()

    def clean(self) -> None:
        from aftersales.warranty.policies import check_policy

        try:
            check_policy(self)
        except Invalid as exc:
            raise ValidationError(
                {
                    (name if name in _FORM_FIELDS else NON_FIELD_ERRORS): [str(message)]
                    for name, message in exc.fields.items()
                }
            ) from exc


_FORM_FIELDS = {
    "category",
    "product_model",
    "version_label",
    "valid_from",
    "valid_to",
    "return_days",
    "exchange_days",
    "repair_months",
}


class ComponentTerm(models.Model):
    """A component with a repair term of its own (压缩机, 动力电池, 大总成)."""

    policy = models.ForeignKey(WarrantyPolicy, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    months = models.PositiveSmallIntegerField(_("months"))
    mileage_km = models.PositiveIntegerField(
        _("mileage limit (km)"), null=True, blank=True, help_text=_("Empty: no mileage limit.")
    )

    class Meta:
        verbose_name = _("component term")
        verbose_name_plural = _("component terms")
        ordering = ["policy", "code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="unique_component_per_policy")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.months}"


class WarrantyExtension(models.Model):
    """A lengthening of one unit's repair term: bought extended warranty (延保) or goodwill
    (善意延保) granted by the manufacturer with a reason."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="extensions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ExtensionKind.choices())
    months = models.PositiveSmallIntegerField(_("months added"))
    mileage_km = models.PositiveIntegerField(_("km added"), null=True, blank=True)
    valid_from = models.DateField(
        _("counts for claims from"),
        null=True,
        blank=True,
        help_text=_("Empty: for every claim on the unit."),
    )
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_by_name = models.CharField(_("granted by"), max_length=150, blank=True)
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        verbose_name = _("warranty extension")
        verbose_name_plural = _("warranty extensions")
        ordering = ["asset", "granted_at", "id"]

    def __str__(self) -> str:
        return f"{self.asset.serial} · {self.get_kind_display()} +{self.months}"


class WarrantyFacts(models.Model):
    """What the station found about the unit of one work order (the advisor records it).

    Dates left empty come from the records (sale: the e-registration, else the asset;
    installation: the unit's completed installation order; first registration: the unit's last
    order that recorded one); mileage left empty is the asset's. `proof_of_purchase` empty:
    not checked yet (presumed shown; the entitlement is provisional until staff record facts).
    """

    work_order = models.OneToOneField(
        WorkOrder, on_delete=models.CASCADE, related_name="warranty_facts"
    )
    sale_date = models.DateField(_("date of sale"), null=True, blank=True)
    installation_accepted_date = models.DateField(
        _("installation accepted on"), null=True, blank=True
    )
    registration_date = models.DateField(_("first registration (上牌) on"), null=True, blank=True)
    mileage_km = models.PositiveIntegerField(_("mileage (km)"), null=True, blank=True)
    component_code = models.CharField(_("failed component"), max_length=40, blank=True)
    proof_of_purchase = models.BooleanField(
        _("invoice and warranty card shown"), null=True, blank=True
    )
    serial_label_intact = models.BooleanField(_("serial label intact"), default=True)
    serial_matches_card = models.BooleanField(_("serial matches the card"), default=True)
    repaired_by_unauthorised = models.BooleanField(
        _("repaired or dismantled by unauthorised people"), default=False
    )
    cause = models.CharField(
        _("cause of the damage"), max_length=16, choices=Cause.choices(), default=Cause.NORMAL
    )
    first_owner = models.BooleanField(_("first owner"), default=True)
    whole_product = models.BooleanField(_("the whole product (not a part alone)"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("warranty facts")
        verbose_name_plural = _("warranty facts")

    def __str__(self) -> str:
        return f"{self.work_order} · {_('warranty facts')}"


class EntitlementState(models.TextChoices):
    DECIDED = "decided", _("Decided")
    UNDECIDED = "undecided", _("Cannot be decided yet")


class Entitlement(models.Model):
    """The entitlement of one work order, as decided (`entitlement.decide`) and stored.

    Codes and ISO dates, never sentences: the explanation is rebuilt from the stored terms and
    facts (`decision`), so it renders in the reader's language. Recomputed when the facts,
    the unit's extensions or the order's lines change while the order is open; frozen when the
    order is completed or cancelled (`frozen_at`), and never changed silently after.
    """

    work_order = models.OneToOneField(
        WorkOrder, on_delete=models.CASCADE, related_name="entitlement"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=EntitlementState.choices,
        default=EntitlementState.DECIDED,
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices(), blank=True)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices(), blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    claim_date = models.DateField(_("claim date"))
    start_event = models.CharField(
        _("counted from"), max_length=16, choices=StartEvent.choices(), blank=True
    )
    requested_start_event = models.CharField(
        _("policy counts from"), max_length=16, choices=StartEvent.choices(), blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    day_number = models.IntegerField(_("day"), null=True, blank=True)
    period_end = models.DateField(_("period ends"), null=True, blank=True)
    nominal_period_end = models.DateField(_("period ends as counted"), null=True, blank=True)
    mileage = models.CharField(
        _("mileage"), max_length=10, choices=MileageVerdict.choices(), blank=True
    )
    mileage_km = models.PositiveIntegerField(_("mileage (km)"), null=True, blank=True)
    mileage_limit_km = models.PositiveIntegerField(_("mileage limit (km)"), null=True, blank=True)
    component_code = models.CharField(_("failed component"), max_length=40, blank=True)
    policy = models.ForeignKey(
        WarrantyPolicy,
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entitlements",
    )
    default_policy = models.BooleanField(_("default policy"), default=False)
    version_label = models.CharField(_("policy version"), max_length=60, blank=True)
    policy_date = models.DateField(
        _("policy chosen for"), help_text=_("The day of sale: the terms in force then apply.")
    )
    terms = models.JSONField(_("terms"), default=dict)
    facts = models.JSONField(_("facts"), default=dict)
    missing_field = models.CharField(_("missing"), max_length=40, blank=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=True,
        help_text=_("Decided from the records alone: the station has not recorded its facts."),
    )
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(_("decided by"), max_length=150)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("warranty entitlement")
        verbose_name_plural = _("warranty entitlements")
        indexes = [models.Index(fields=["policy", "policy_date"])]

    def __str__(self) -> str:
        return f"{self.work_order} · {self.outcome or self.state}"

    @property
    def decided(self) -> bool:
        return self.state == EntitlementState.DECIDED

    @property
    def covered(self) -> bool:
        """Free for the customer: return, exchange or repair under the warranty."""
        return self.decided and self.outcome != Outcome.PAID

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    @cached_property
    def decision(self) -> Any:
        """The pure `Decision` again, from the stored terms and facts (None while undecided):
        its explanation renders in the reader's language."""
        from aftersales.warranty.snapshots import decision_of

        return decision_of(self)
