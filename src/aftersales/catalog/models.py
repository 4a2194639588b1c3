"""Manufacturers' catalogue: categories, models, standard labour operations, parts; and the
network-signing authorisations (网签) that say which station may service what, where."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import Organisation, OrganisationKind


class ProductCategory(models.Model):
    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.PROTECT,
        related_name="categories",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=80)
    is_vehicle = models.BooleanField(_("vehicles (VIN and mileage)"), default=False)
    warranty_months = models.PositiveSmallIntegerField(_("warranty term in months"), default=12)
    required_certification = models.CharField(
        _("required certification"),
        max_length=60,
        blank=True,
        help_text=_("A licence a technician must hold to service this category, e.g. 电梯作业证."),
    )

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["manufacturer", "code"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "code"], name="unique_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class ProductModel(models.Model):
    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.PROTECT,
        related_name="product_models",
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="models"
    )
    code = models.CharField(_("model code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    complexity_coefficient = models.DecimalField(
        _("technical complexity coefficient (技术复杂系数)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
    )

    class Meta:
        verbose_name = _("product model")
        verbose_name_plural = _("product models")
        ordering = ["manufacturer", "code"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "code"], name="unique_model_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LabourOperation(models.Model):
    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.PROTECT,
        related_name="labour_operations",
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, null=True, blank=True
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)
    standard_hours = models.DecimalField(
        _("standard hours (工时定额)"), max_digits=6, decimal_places=2
    )

    class Meta:
        verbose_name = _("labour operation")
        verbose_name_plural = _("labour operations")
        ordering = ["manufacturer", "code"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "code"], name="unique_operation_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PartUnit(models.TextChoices):
    PIECE = "piece", _("piece (件)")
    SET = "set", _("set (套)")
    LITRE = "litre", _("litre (升)")
    KILOGRAM = "kg", _("kilogram (千克)")
    METRE = "metre", _("metre (米)")


# Measured, not counted: half a litre of oil is a quantity, half a spark plug is not.
FRACTIONAL_UNITS = frozenset({PartUnit.LITRE, PartUnit.KILOGRAM, PartUnit.METRE})


class Part(models.Model):
    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="parts"
    )
    number = models.CharField(_("part number"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    unit = models.CharField(
        _("unit"), max_length=8, choices=PartUnit.choices, default=PartUnit.PIECE
    )
    supplier = models.ForeignKey(
        Organisation,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplied_parts",
        limit_choices_to={"kind": OrganisationKind.SUPPLIER},
    )

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["manufacturer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "number"], name="unique_part_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def counted_in_whole_units(self) -> bool:
        return self.unit not in FRACTIONAL_UNITS


class AuthorisationQuerySet(models.QuerySet["Authorisation"]):
    def in_force(self, on: date) -> AuthorisationQuerySet:
        return self.filter(
            station_signed_at__isnull=False,
            manufacturer_signed_at__isnull=False,
            valid_from__lte=on,
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class Authorisation(models.Model):
    """网签: a station may service these categories of a manufacturer in these regions.

    In force only when both sides have signed and the date lies in the validity period.
    """

    station = models.ForeignKey(
        Organisation,
        verbose_name=_("service station"),
        on_delete=models.PROTECT,
        related_name="authorisations",
        limit_choices_to={"kind": OrganisationKind.STATION},
    )
    manufacturer = models.ForeignKey(
        Organisation,
        verbose_name=_("manufacturer"),
        on_delete=models.PROTECT,
        related_name="granted_authorisations",
        limit_choices_to={"kind": OrganisationKind.MANUFACTURER},
    )
    categories = models.ManyToManyField(ProductCategory, verbose_name=_("product categories"))
    regions = models.ManyToManyField(
        Organisation,
        verbose_name=_("regions"),
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.REGION},
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    station_signed_at = models.DateTimeField(_("signed by the station"), null=True, blank=True)
    manufacturer_signed_at = models.DateTimeField(
        _("signed by the manufacturer"), null=True, blank=True
    )

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("authorisation (网签)")
        verbose_name_plural = _("authorisations (网签)")

    def __str__(self) -> str:
        return f"{self.station} ← {self.manufacturer}"
