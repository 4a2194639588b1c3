"""Claims on other apps' pages: `{% order_claims order as oc %}` on the work-order page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template

from aftersales.claims import selectors
from aftersales.claims.models import Claim, PreAuthorisation
from aftersales.claims.pre_authorisations import pre_authorisation_open
from aftersales.claims.services import CLAIMABLE
from aftersales.core.access import may

register = template.Library()


@dataclass
class OrderClaims:
    claims: list[Claim] = field(default_factory=list)
    pre_authorisations: list[PreAuthorisation] = field(default_factory=list)
    can_create: bool = False
    can_pre_authorise: bool = False

    @property
    def show(self) -> bool:
        return bool(
            self.claims or self.pre_authorisations or self.can_create or self.can_pre_authorise
        )


@register.simple_tag(takes_context=True)
def order_claims(context: Any, order: Any) -> OrderClaims:
    """The order's claims and pre-authorisations this user sees, and what they may start."""
    user = context["request"].user
    if not may(user, "claim:list"):
        return OrderClaims()
    return OrderClaims(
        claims=list(selectors.claims_of_order(user, order)),
        pre_authorisations=list(selectors.pre_authorisations_of_order(user, order)),
        can_create=order.status in CLAIMABLE and may(user, "claim:create", order),
        can_pre_authorise=pre_authorisation_open(order)
        and may(user, "pre_authorisation:request", order),
    )
