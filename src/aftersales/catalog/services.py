"""Catalogue writes: master data, used by the admin, the API and the demo loader."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import (
    Authorisation,
    LabourOperation,
    Part,
    PartUnit,
    ProductCategory,
    ProductModel,
)
from aftersales.core import clock
from aftersales.core.audit import record_event
from aftersales.core.errors import field_error
from aftersales.core.models import Organisation, User


@transaction.atomic
def category_create(
    *,
    manufacturer: Organisation,
    code: str,
    name: str,
    is_vehicle: bool = False,
    warranty_months: int = 12,
    required_certification: str = "",
) -> ProductCategory:
    return ProductCategory.objects.create(
        manufacturer=manufacturer,
        code=code,
        name=name,
        is_vehicle=is_vehicle,
        warranty_months=warranty_months,
        required_certification=required_certification,
    )


@transaction.atomic
def product_model_create(
    *,
    category: ProductCategory,
    code: str,
    name: str,
    complexity_coefficient: Decimal = Decimal("1.00"),
) -> ProductModel:
    return ProductModel.objects.create(
        manufacturer=category.manufacturer,
        category=category,
        code=code,
        name=name,
        complexity_coefficient=complexity_coefficient,
    )


@transaction.atomic
def labour_operation_create(
    *,
    manufacturer: Organisation,
    code: str,
    name: str,
    standard_hours: Decimal,
    category: ProductCategory | None = None,
) -> LabourOperation:
    return LabourOperation.objects.create(
        manufacturer=manufacturer,
        category=category,
        code=code,
        name=name,
        standard_hours=standard_hours,
    )


@transaction.atomic
def part_create(
    *,
    manufacturer: Organisation,
    number: str,
    name: str,
    unit_price: Decimal,
    unit: str = PartUnit.PIECE,
    supplier: Organisation | None = None,
) -> Part:
    if unit not in PartUnit.values:
        raise field_error("unit", _("Unknown unit."))
    return Part.objects.create(
        manufacturer=manufacturer,
        number=number,
        name=name,
        unit_price=unit_price,
        unit=unit,
        supplier=supplier,
    )


def authorisation_sign(
    *,
    station: Organisation,
    manufacturer: Organisation,
    categories: Iterable[ProductCategory],
    regions: Iterable[Organisation],
    valid_from: date,
    valid_to: date | None = None,
    actor: User | None = None,
) -> Authorisation:
    """Record an authorisation signed by both sides (the paper or e-signature is outside)."""
    with transaction.atomic():
        now = clock.now()
        auth = Authorisation.objects.create(
            station=station,
            manufacturer=manufacturer,
            valid_from=valid_from,
            valid_to=valid_to,
            station_signed_at=now,
            manufacturer_signed_at=now,
        )
        auth.categories.set(list(categories))
        auth.regions.set(list(regions))
        record_event(record=auth, verb="authorisation.signed", actor=actor, to_state="in_force")
    return auth
