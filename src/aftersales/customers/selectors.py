"""Customer reads."""

from __future__ import annotations

from typing import Any

from aftersales.core.access import principal_for
from aftersales.core.errors import NotFound
from aftersales.customers.models import Customer


def customer_of(user: Any) -> Customer:
    """The customer record behind a portal login."""
    customer_id = principal_for(user).customer_id
    if customer_id is None:
        raise NotFound("no customer record for this login")
    return Customer.objects.get(pk=customer_id)
