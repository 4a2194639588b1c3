"""保修索赔单: a station's claim to the manufacturer for a completed work order, with its lines,
photos, the findings of the checks, and a snapshot of every submitted version."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import LabourOperation, Part, ProductModel
from aftersales.claims.choices import (
    REPEATABLE_PER_ORDER,
    AdjustReason,
    CheckCode,
    CheckMode,
    ClaimStatus,
    ClaimType,
    LineKind,
    PhotoKind,
    RejectReason,
)
from aftersales.claims.models.policy import PreAuthorisation
from aftersales.core.models import Organisation
from aftersales.customers.models import Asset
from aftersales.workorders.models import WorkOrder

ZERO = Decimal("0.00")


def _label(choices: type[models.TextChoices], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


class Claim(models.Model):
    number = models.CharField(_("number"), max_length=24, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=ClaimType.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.DRAFT,
        db_index=True,
    )
    # Bumped by every change of the row (a stale form or a second reviewer gets a 409).
    version = models.PositiveIntegerField(default=1)
    # The number of the last submitted version (ClaimVersion); 0 until the first submission.
    revision = models.PositiveSmallIntegerField(_("version"), default=0)

    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="claims"
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

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    product_model = models.ForeignKey(
        ProductModel, verbose_name=_("model"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    serial = models.CharField(_("serial number / VIN"), max_length=40, blank=True, db_index=True)
    causal_part = models.ForeignKey(
        Part,
        verbose_name=_("causal part (主因件)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fault_code = models.CharField(_("fault code"), max_length=32, blank=True)
    symptom = models.TextField(_("symptom"), blank=True)
    mileage_km = models.PositiveIntegerField(_("mileage (km)"), null=True, blank=True)
    failure_date = models.DateField(_("failure date"), null=True, blank=True)
    repair_date = models.DateField(_("repair date"), null=True, blank=True)
    pre_authorisation = models.ForeignKey(
        PreAuthorisation,
        verbose_name=_("pre-authorisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )

    labour_amount = models.DecimalField(_("labour"), max_digits=12, decimal_places=2, default=ZERO)
    parts_amount = models.DecimalField(_("parts"), max_digits=12, decimal_places=2, default=ZERO)
    travel_amount = models.DecimalField(_("travel"), max_digits=12, decimal_places=2, default=ZERO)
    other_amount = models.DecimalField(_("other"), max_digits=12, decimal_places=2, default=ZERO)
    total_amount = models.DecimalField(_("claimed"), max_digits=12, decimal_places=2, default=ZERO)
    # Set by the decision (approve, in part, auto); what settlement pays. Locked once settled.
    approved_amount = models.DecimalField(
        _("approved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    warnings = models.PositiveSmallIntegerField(
        _("warnings"), default=0, help_text=_("Checks that warned on the last submission.")
    )

    decision_reason = models.CharField(_("reason code"), max_length=32, blank=True)
    decision_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("warranty claim (保修索赔单)")
        verbose_name_plural = _("warranty claims (保修索赔单)")
        ordering = ["-id"]
        indexes = [
            *(
                models.Index(fields=[scope, "-created_at", "-id"], name=f"claim_{scope}_newest")
                for scope in ("station", "manufacturer", "network", "region")
            ),
            models.Index(fields=["manufacturer", "status", "decision_due"]),
            models.Index(fields=["station", "first_submitted_at"]),
        ]
        constraints = [
            # One claim per work order and type (a cancelled one does not count), except the
            # types a second trip makes a second claim of: the database keeps it under races.
            models.UniqueConstraint(
                fields=["work_order", "type"],
                condition=~Q(status=ClaimStatus.CANCELLED)
                & ~Q(type__in=sorted(REPEATABLE_PER_ORDER)),
                name="one_claim_per_order_and_type",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def decision_reason_label(self) -> str:
        return _label(RejectReason, self.decision_reason)


class ClaimLine(models.Model):
    """Labour (hours × contracted rate × model coefficient), a part (list price + handling
    markup, or an outside purchase at its invoice), travel (km × rate + call-out fee), or other."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    operation = models.ForeignKey(
        LabourOperation,
        verbose_name=_("labour operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=200)
    standard_hours = models.DecimalField(
        _("standard hours"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    quantity = models.DecimalField(_("hours / quantity / km"), max_digits=10, decimal_places=2)
    list_price = models.DecimalField(
        _("list price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    markup_percent = models.DecimalField(
        _("handling markup (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    unit_price = models.DecimalField(_("rate / unit price"), max_digits=12, decimal_places=2)
    coefficient = models.DecimalField(
        _("complexity coefficient"), max_digits=5, decimal_places=2, default=Decimal("1.00")
    )
    call_out_fee = models.DecimalField(
        _("call-out fee"), max_digits=12, decimal_places=2, default=ZERO
    )
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    amount = models.DecimalField(_("claimed"), max_digits=12, decimal_places=2)
    # The reviewer's verdict on the line; settlement pays `approved_amount`.
    approved_quantity = models.DecimalField(
        _("approved quantity"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    approved_amount = models.DecimalField(
        _("approved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    adjust_reason = models.CharField(_("adjustment reason"), max_length=32, blank=True)
    adjust_comment = models.CharField(_("adjustment comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.claim} · {self.description}"

    @property
    def adjust_reason_label(self) -> str:
        return _label(AdjustReason, self.adjust_reason)


def claim_photo_path(instance: ClaimPhoto, filename: str) -> str:
    return f"claim_photos/{instance.claim_id}/{filename}"


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("kind"), max_length=12, choices=PhotoKind.choices)
    file = models.FileField(_("file"), upload_to=claim_photo_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # The same picture on two claims is a finding (photo_reused): compared by content.
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("claim photo")
        verbose_name_plural = _("claim photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ClaimFinding(models.Model):
    """A check that warned on a submission (a blocking one refuses the submission instead)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="findings")
    revision = models.PositiveSmallIntegerField(_("version"))
    code = models.CharField(_("check"), max_length=32, choices=CheckCode.choices)
    mode = models.CharField(_("mode"), max_length=8, choices=CheckMode.choices)
    line = models.ForeignKey(
        ClaimLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("claim finding")
        verbose_name_plural = _("claim findings")
        ordering = ["id"]
        indexes = [models.Index(fields=["claim", "revision"])]

    def __str__(self) -> str:
        return f"{self.claim} v{self.revision} {self.code}"


class ClaimVersion(models.Model):
    """What was submitted, as it was: header, lines and photos, kept for every submission."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    total_amount = models.DecimalField(_("claimed"), max_digits=12, decimal_places=2)
    comment = models.TextField(_("what was corrected"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("claim version")
        verbose_name_plural = _("claim versions")
        ordering = ["claim", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="unique_claim_version")
        ]

    def __str__(self) -> str:
        return f"{self.claim} v{self.number}"
