"""Personal data in full only for those who act on the customer; masked for the others.

Who acts on a customer (sees name, phone, e-mail and street addresses in full):
- the customer themself;
- the organisation that recorded the customer, and the service network owning them;
- an organisation handling one of the customer's orders (its station, its regional centre, the
  technician given the order) — those see the customer only through such an order anyway;
- a manufacturer (or a shop) while an open order of the customer's is for its product (its unit)
  — the work-order app adds that rule (`acting_extension`), since customers stand below it.

Everyone else who may see the record (a manufacturer's auditor looking at all owners of its
products, a shop at its buyers) reads it masked: phone 139****5678, name 张*, addresses reduced
to province / city / district. A role declared for `customer:reveal` may reveal one customer;
each reveal writes a `customer.revealed` audit event (who, what, when).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from aftersales.core.access import NOTHING, Principal, principal_for
from aftersales.core.models import OrganisationKind
from aftersales.customers.models import Address, Customer

# Organisations whose view of customers is wider than the orders they act on.
WIDE_VIEW = (OrganisationKind.MANUFACTURER, OrganisationKind.SHOP)
MASKED_LINE = "****"

ActingRule = Callable[[Principal], Q]
_extensions: list[ActingRule] = []


def acting_extension(rule: ActingRule) -> ActingRule:
    """A higher app adds the customers a principal acts on through its records (orders)."""
    _extensions.append(rule)
    return rule


def acting_rule(p: Principal) -> Q:
    """The customers this (wide-view) principal acts on."""
    q = Q(created_by_org_id=p.organisation_id) if p.organisation_id else NOTHING
    for rule in _extensions:
        q |= rule(p)
    return q


def matchable_customers(user: Any) -> QuerySet[Customer]:
    """The customers whose personal data (phone, name) this user may search by: for a
    principal who sees some customers masked, only those they act on, so that searching cannot
    be a way round the mask; everyone else, all (what they see is limited elsewhere)."""
    p = user if isinstance(user, Principal) else principal_for(user)
    if p.is_superuser or not p.staff_roles or p.org_kind not in WIDE_VIEW:
        return Customer.objects.all()
    return Customer.objects.filter(acting_rule(p))


def _memo(p: Principal) -> dict[int, bool]:
    user = p.user
    memo = getattr(user, "_acts_on", None)
    if memo is None:
        memo = {}
        if user is not None:
            user._acts_on = memo
    return memo


def acts_on(user: Any, customer: Customer) -> bool:
    """Does this user act on the customer (and so read their personal data in full)? Asked of
    a customer the user may see; organisations whose sight is their orders always act."""
    p = user if isinstance(user, Principal) else principal_for(user)
    if p.is_superuser or (p.customer_id is not None and p.customer_id == customer.pk):
        return True
    if not p.staff_roles:
        return False
    if p.org_kind not in WIDE_VIEW:
        return True
    memo = _memo(p)
    if customer.pk not in memo:
        memo[customer.pk] = Customer.objects.filter(acting_rule(p), pk=customer.pk).exists()
    return memo[customer.pk]


def mask_phone(phone: str) -> str:
    """139****5678: the carrier prefix and the last four digits."""
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def mask_name(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧*: the surname's first character and one star."""
    name = name.strip()
    return f"{name[:1]}*" if name else ""


def mask_email(email: str) -> str:
    local, at, domain = email.partition("@")
    return f"{local[:1]}***{at}{domain}" if at else ("***" if email else "")


@dataclass(frozen=True)
class AddressView:
    id: int
    label: str
    province: str
    city: str
    district: str
    line: str
    latitude: Any
    longitude: Any
    zone: str
    is_default: bool
    masked: bool

    def __str__(self) -> str:
        return f"{self.province}{self.city}{self.district}{'' if self.masked else self.line}"

    def get_zone_display(self) -> str:
        return str(dict(Address._meta.get_field("zone").flatchoices).get(self.zone, self.zone))


@dataclass(frozen=True)
class CustomerView:
    """A customer as one viewer may read them: in full, or masked (`masked`)."""

    id: int
    name: str
    phone: str
    email: str
    kind: str
    tier: str
    created_at: Any
    masked: bool
    addresses: list[AddressView] = field(default_factory=list)
    customer: Customer | None = None

    def __str__(self) -> str:
        return self.name


def address_view(address: Address, *, masked: bool) -> AddressView:
    """Masked: the street line and the exact coordinates go, the district stays."""
    return AddressView(
        id=address.pk,
        label=address.label,
        province=address.province,
        city=address.city,
        district=address.district,
        line=MASKED_LINE if masked else address.line,
        latitude=None if masked else address.latitude,
        longitude=None if masked else address.longitude,
        zone=address.zone,
        is_default=address.is_default,
        masked=masked,
    )


def customer_view(user: Any, customer: Customer, *, reveal: bool = False) -> CustomerView:
    """The customer as this user reads them. `reveal` only after `customer_reveal` (services),
    which checks the permission and writes the audit event."""
    masked = not reveal and not acts_on(user, customer)
    return CustomerView(
        id=customer.pk,
        name=mask_name(customer.name) if masked else customer.name,
        phone=mask_phone(customer.phone) if masked else customer.phone,
        email=mask_email(customer.email) if masked else customer.email,
        kind=customer.kind,
        tier=customer.tier,
        created_at=customer.created_at,
        masked=masked,
        addresses=[address_view(a, masked=masked) for a in customer.addresses.all()],
        customer=customer,
    )


def display_name(user: Any, customer: Customer) -> str:
    return customer.name if acts_on(user, customer) else mask_name(customer.name)


def display_phone(user: Any, customer: Customer) -> str:
    return customer.phone if acts_on(user, customer) else mask_phone(customer.phone)


def display_address(user: Any, customer: Customer, address: Address | None) -> str:
    if address is None:
        return ""
    return str(address_view(address, masked=not acts_on(user, customer)))
