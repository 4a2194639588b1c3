"""Catalogue reads, always through the access layer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from aftersales.catalog.models import LabourOperation, Part, ProductModel
from aftersales.core.access import scope


def labour_operations_of(user: Any, manufacturer_id: int | None) -> QuerySet[LabourOperation]:
    """A manufacturer's labour operations (none without a manufacturer)."""
    if manufacturer_id is None:
        return LabourOperation.objects.none()
    return scope(LabourOperation.objects.filter(manufacturer_id=manufacturer_id), user)


def parts_of(user: Any, manufacturer_id: int | None) -> QuerySet[Part]:
    """A manufacturer's parts (none without a manufacturer)."""
    if manufacturer_id is None:
        return Part.objects.none()
    return scope(Part.objects.filter(manufacturer_id=manufacturer_id), user)


def labour_operation_find(user: Any, pk: int) -> LabourOperation | None:
    return scope(LabourOperation.objects.filter(pk=pk), user).first()


def part_find(user: Any, pk: int) -> Part | None:
    return scope(Part.objects.filter(pk=pk), user).first()


def product_model_find(user: Any, pk: int) -> ProductModel | None:
    return scope(ProductModel.objects.filter(pk=pk), user).first()
