"""Customers, their addresses and assets, and warranty registrations (三包电子注册)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductModel
from aftersales.core.geo import Zone
from aftersales.core.models import Organisation


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person (个人)")
    COMPANY = "company", _("Company (企业)")


class Tier(models.TextChoices):
    """A/B/C by value (../shared/DOMAIN.md §4.6): contact A weekly, B monthly, C every six months."""

    A = "A", _("A (key customer)")
    B = "B", _("B")
    C = "C", _("C")


class Customer(models.Model):
    kind = models.CharField(
        _("kind"), max_length=8, choices=CustomerKind.choices, default=CustomerKind.PERSON
    )
    # Indexed for search by the start of a name (a two-character Chinese name is too short
    # for the trigram index).
    name = models.CharField(_("name"), max_length=120, db_index=True)
    phone = models.CharField(_("mobile phone"), max_length=20, unique=True)
    alt_phone = models.CharField(_("other phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, default=Tier.C)
    network = models.ForeignKey(
        Organisation,
        verbose_name=_("service network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_org = models.ForeignKey(
        Organisation,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def default_address(self) -> Address | None:
        addresses = list(self.addresses.all())
        return next((a for a in addresses if a.is_default), addresses[0] if addresses else None)


class Address(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=30, blank=True)
    province = models.CharField(_("province"), max_length=32)
    city = models.CharField(_("city"), max_length=32)
    district = models.CharField(_("district"), max_length=32, blank=True)
    line = models.CharField(_("street address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    zone = models.CharField(
        _("service zone"), max_length=8, choices=Zone.choices, default=Zone.CITY
    )
    is_default = models.BooleanField(_("default"), default=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.line}"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Asset(models.Model):
    """One serial-numbered unit; for vehicles the serial is the VIN."""

    manufacturer = models.ForeignKey(
        Organisation, verbose_name=_("manufacturer"), on_delete=models.PROTECT, related_name="+"
    )
    product_model = models.ForeignKey(
        ProductModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="assets"
    )
    serial = models.CharField(_("serial number / VIN"), max_length=40)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
    )
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    seller = models.ForeignKey(
        Organisation,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    production_batch = models.CharField(_("production batch"), max_length=40, blank=True)
    mileage_km = models.PositiveIntegerField(_("mileage (km)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "serial"], name="unique_serial_per_manufacturer"
            )
        ]
        # Pattern operators on PostgreSQL, so the index also serves a serial's prefix (LIKE 'x%'
        # under a non-C collation); elsewhere an ordinary index.
        indexes = [
            models.Index(fields=["serial"], name="asset_serial", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return f"{self.product_model.name} {self.serial}"


class RegistrationChannel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    SMS = "sms", _("SMS")
    STAFF = "staff", _("Staff")


class WarrantyRegistration(models.Model):
    asset = models.OneToOneField(Asset, on_delete=models.PROTECT, related_name="registration")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="registrations")
    channel = models.CharField(_("channel"), max_length=8, choices=RegistrationChannel.choices)
    purchase_date = models.DateField(_("purchase date"))
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("warranty registration (三包电子注册)")
        verbose_name_plural = _("warranty registrations")

    def __str__(self) -> str:
        return f"{self.asset.serial} → {self.customer}"
