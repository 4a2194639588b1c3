"""旧件: the removed part of an approved part line, its disposition, and the return shipments that
carry old parts back to the manufacturer or straight to the supplier."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import Part
from aftersales.claims.models import Claim, ClaimLine
from aftersales.core.models import Organisation
from aftersales.settlement.choices import (
    Disposition,
    Inspection,
    OldPartStatus,
    ShipmentStatus,
)

ZERO = Decimal("0.00")


class OldPartShipment(models.Model):
    """A station's return shipment (旧件回寄单): the packing list is its old parts."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ShipmentStatus.choices,
        default=ShipmentStatus.IN_TRANSIT,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    station = models.ForeignKey(
        Organisation, verbose_name=_("service station"), on_delete=models.PROTECT, related_name="+"
    )
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        Organisation,
        verbose_name=_("destination"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The manufacturer, or the supplier the parts go straight to."),
    )
    network = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carrier = models.CharField(_("carrier"), max_length=60)
    tracking_number = models.CharField(_("tracking number"), max_length=60)
    package_count = models.PositiveSmallIntegerField(_("packages"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=8, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("old-part shipment (旧件回寄单)")
        verbose_name_plural = _("old-part shipments (旧件回寄单)")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["station", "-created_at"]),
            models.Index(fields=["destination", "status"]),
        ]

    def __str__(self) -> str:
        return self.number


class OldPart(models.Model):
    """One approved part line's removed part. A missing or wrong one is taken back on the
    station's next statement; a scrapped one costs its stated deduction; 核销 closes it."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OldPartStatus.choices, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="old_parts"
    )
    # The database keeps one old part per approved part line, whoever assigns it.
    claim_line = models.OneToOneField(
        ClaimLine, verbose_name=_("claim line"), on_delete=models.PROTECT, related_name="old_part"
    )
    part = models.ForeignKey(Part, verbose_name=_("part"), on_delete=models.PROTECT)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(
        _("approved amount"),
        max_digits=12,
        decimal_places=2,
        help_text=_("What a missing or wrong old part takes back."),
    )
    disposition = models.CharField(_("disposition"), max_length=24, choices=Disposition.choices)
    scrap_deduction = models.DecimalField(
        _("scrap deduction"), max_digits=12, decimal_places=2, default=ZERO
    )
    return_due = models.DateField(_("return due"), null=True, blank=True)
    station = models.ForeignKey(
        Organisation, verbose_name=_("service station"), on_delete=models.PROTECT, related_name="+"
    )
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey(
        Organisation,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    destination = models.ForeignKey(
        Organisation,
        verbose_name=_("return to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    network = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shipment = models.ForeignKey(
        OldPartShipment,
        verbose_name=_("shipment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    inspection = models.CharField(
        _("inspection"), max_length=20, choices=Inspection.choices, blank=True
    )
    inspection_note = models.CharField(_("inspection note"), max_length=500, blank=True)
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)
    written_off_at = models.DateTimeField(_("written off at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("old part (旧件)")
        verbose_name_plural = _("old parts (旧件)")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["station", "status"]),
            models.Index(fields=["manufacturer", "status"]),
            models.Index(fields=["destination", "status"]),
        ]

    def __str__(self) -> str:
        return self.number
