"""Customer reads."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from aftersales.core.access import get_visible, principal_for, scope
from aftersales.core.audit import events_for
from aftersales.core.errors import NotFound
from aftersales.core.models import AuditEvent
from aftersales.customers.models import Address, Asset, Customer


def customer_of(user: Any) -> Customer:
    """The customer record behind a portal login."""
    customer_id = principal_for(user).customer_id
    if customer_id is None:
        raise NotFound("no customer record for this login")
    return Customer.objects.get(pk=customer_id)


def customer_get(user: Any, pk: int) -> Customer:
    return get_visible(Customer.objects.prefetch_related("addresses"), user, pk=pk)


def asset_get(user: Any, pk: int) -> Asset:
    return get_visible(
        Asset.objects.select_related(
            "product_model", "customer", "manufacturer", "seller", "registration"
        ),
        user,
        pk=pk,
    )


def asset_list(user: Any, *, customer: Customer | None = None) -> QuerySet[Asset]:
    """Units this user may see (a customer: their own), or those of one customer."""
    assets = Asset.objects.select_related("product_model", "registration")
    if customer is not None:
        assets = assets.filter(customer=customer)
    return scope(assets, user)


def asset_of_customer(customer: Customer, pk: int) -> Asset | None:
    """One of this customer's units, or None (the caller names the field in its answer)."""
    return Asset.objects.filter(pk=pk, customer=customer).first()


def address_of_customer(customer: Customer, pk: int) -> Address | None:
    return Address.objects.filter(pk=pk, customer=customer).first()


def _timeline(user: Any, record: models.Model) -> QuerySet[AuditEvent]:
    """A visible record's events; someone outside the staff reads only the public ones."""
    events = events_for(record)
    principal = principal_for(user)
    if not principal.staff_roles and not principal.is_superuser:
        events = events.filter(public=True)
    return events


def customer_events(user: Any, customer: Customer) -> QuerySet[AuditEvent]:
    return _timeline(user, customer)


def asset_events(user: Any, asset: Asset) -> QuerySet[AuditEvent]:
    return _timeline(user, asset)
