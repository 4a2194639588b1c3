"""Customer, address, asset and warranty-registration writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.catalog.models import ProductModel
from aftersales.core import clock
from aftersales.core.access import require
from aftersales.core.audit import record_event
from aftersales.core.errors import Conflict, Invalid, field_error
from aftersales.core.geo import Zone
from aftersales.core.models import Organisation, User
from aftersales.core.validators import clean_email, clean_text, normalise_mobile
from aftersales.customers.models import (
    Address,
    Asset,
    Customer,
    CustomerKind,
    RegistrationChannel,
    Tier,
    WarrantyRegistration,
)
from aftersales.customers.privacy import CustomerView, acts_on, customer_view

PHONE_IN_USE = _(
    "This mobile number cannot be recorded for a new customer: look the customer up by the "
    "number, or ask the service network."
)


def require_action(actor: User | None, action: str) -> None:
    """`actor=None` is the system itself (SMS, imports)."""
    if actor is not None:
        require(actor, action, message=_("Your role may not do this."))


def customer_create(
    *,
    name: str,
    phone: str,
    actor: User | None,
    kind: str = CustomerKind.PERSON,
    tier: str = Tier.C,
    email: str = "",
    network: Organisation | None = None,
    address: dict | None = None,
    user: User | None = None,
) -> Customer:
    require_action(actor, "customer:create")
    phone = normalise_mobile(phone)
    if not (name or "").strip():
        raise field_error("name", _("A name is required."))
    name = clean_text(name, field="name", max_length=120, single_line=True)
    email = clean_email(email)
    if kind not in CustomerKind.values:
        raise field_error("kind", _("Unknown customer kind."))
    if tier not in Tier.values:
        raise field_error("tier", _("Tier must be A, B or C."))
    org = actor.organisation if actor and actor.organisation_id else None
    if network is None and org is not None:
        network = org if org.kind == "network" else org.network
    with transaction.atomic():
        if Customer.objects.filter(phone=phone).exists():
            # The same answer whether the holder is one of yours or another organisation's:
            # the answer must not tell whose number it is (look yours up by the number).
            raise Conflict(PHONE_IN_USE, fields={"phone": PHONE_IN_USE})
        customer = Customer.objects.create(
            name=name,
            phone=phone,
            kind=kind,
            tier=tier,
            email=email,
            network=network,
            created_by_org=org,
            user=user,
            created_at=clock.now(),
        )
        if address:
            _address_create(customer=customer, **address)
        record_event(record=customer, verb="customer.created", actor=actor, data={"tier": tier})
    return customer


def _address_create(
    *,
    customer: Customer,
    province: str,
    city: str,
    line: str,
    district: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    zone: str = Zone.CITY,
    label: str = "",
) -> Address:
    if zone not in Zone.values:
        raise field_error("address.zone", _("Unknown service zone."))
    for field, value, bound in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if value is not None and not -bound <= float(value) <= bound:
            raise field_error(f"address.{field}", _("Coordinate out of range."))
    province, city, district, line, label = (
        clean_text(value, field=f"address.{field}", max_length=size, single_line=True)
        for field, value, size in (
            ("province", province, 32),
            ("city", city, 32),
            ("district", district, 32),
            ("line", line, 200),
            ("label", label, 30),
        )
    )
    customer.addresses.update(is_default=False)
    return Address.objects.create(
        customer=customer,
        province=province,
        city=city,
        district=district,
        line=line,
        latitude=None if latitude is None else Decimal(str(latitude)).quantize(Decimal("0.000001")),
        longitude=None
        if longitude is None
        else Decimal(str(longitude)).quantize(Decimal("0.000001")),
        zone=zone,
        label=label,
        is_default=True,
    )


def asset_create(
    *,
    product_model: ProductModel,
    serial: str,
    actor: User | None,
    customer: Customer | None = None,
    purchase_date: date | None = None,
    seller: Organisation | None = None,
    production_batch: str = "",
    mileage_km: int | None = None,
) -> Asset:
    require_action(actor, "asset:create")
    org = actor.organisation if actor is not None else None
    if org is not None and org.kind == "manufacturer" and product_model.manufacturer_id != org.pk:
        # A manufacturer records its own production, never another maker's serials.
        message = _("Another manufacturer's model.")
        raise field_error("product_model_id", message)
    serial = serial.strip().upper()
    if not serial or len(serial) > 40:
        raise field_error("serial", _("Enter a serial number (at most 40 characters)."))
    if purchase_date and purchase_date > timezone.localdate(clock.now()):
        raise field_error("purchase_date", _("The purchase date is in the future."))
    if mileage_km is not None and mileage_km < 0:
        raise field_error("mileage_km", _("Mileage cannot be negative."))
    with transaction.atomic():
        if Asset.objects.filter(manufacturer=product_model.manufacturer_id, serial=serial).exists():
            raise field_error(
                "serial",
                _("This serial number is already recorded for this manufacturer."),
                error=Conflict,
            )
        asset = Asset.objects.create(
            manufacturer_id=product_model.manufacturer_id,
            product_model=product_model,
            serial=serial,
            customer=customer,
            purchase_date=purchase_date,
            seller=seller,
            production_batch=production_batch,
            mileage_km=mileage_km,
            created_at=clock.now(),
        )
        record_event(record=asset, verb="asset.created", actor=actor, data={"serial": serial})
    return asset


def find_asset_by_serial(serial: str, manufacturer_id: int | None = None) -> Asset:
    """The asset a customer names by its serial; the serial itself is the proof of possession."""
    serial = (serial or "").strip().upper()
    matches = Asset.objects.select_related("product_model", "manufacturer").filter(serial=serial)
    if manufacturer_id:
        matches = matches.filter(manufacturer_id=manufacturer_id)
    found = list(matches[:2])
    if not found:
        raise field_error("serial", _("Unknown serial number."))
    if len(found) > 1:
        raise Invalid(
            _("This serial number exists for several manufacturers; choose the manufacturer."),
            fields={"manufacturer_id": _("Choose the manufacturer.")},
        )
    return found[0]


def warranty_register(
    *,
    asset: Asset,
    customer: Customer,
    channel: str,
    actor: User | None,
    purchase_date: date | None = None,
) -> WarrantyRegistration:
    today = timezone.localdate(clock.now())
    purchase_date = purchase_date or asset.purchase_date or today
    if channel not in RegistrationChannel.values:
        raise field_error("channel", _("Unknown channel."))
    if purchase_date > today:
        raise field_error("purchase_date", _("The purchase date is in the future."))
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        if WarrantyRegistration.objects.filter(asset=asset).exists():
            raise field_error("serial", _("This product is already registered."), error=Conflict)
        if asset.customer_id and asset.customer_id != customer.pk:
            raise field_error(
                "serial", _("This product belongs to another customer."), error=Conflict
            )
        registration = WarrantyRegistration.objects.create(
            asset=asset,
            customer=customer,
            channel=channel,
            purchase_date=purchase_date,
            registered_at=clock.now(),
        )
        asset.customer = customer
        asset.purchase_date = purchase_date
        asset.save(update_fields=["customer", "purchase_date"])
        record_event(
            record=asset,
            verb="asset.registered",
            actor=actor,
            to_state="registered",
            data={
                "channel": channel,
                "customer": customer.pk,
                "purchase_date": purchase_date.isoformat(),
            },
        )
    return registration


def customer_reveal(*, customer: Customer, actor: User, reason: str) -> CustomerView:
    """Show a customer's masked personal data in full to a role allowed to reveal it, once, and
    record who revealed what and why (the `customer.revealed` event)."""
    require_action(actor, "customer:reveal")
    reason = clean_text(reason, field="reason", max_length=500, required=True, single_line=True)
    view = customer_view(actor, customer, reveal=True)
    if acts_on(actor, customer):
        return view  # nothing was masked for this viewer: nothing to record
    record_event(
        record=customer,
        verb="customer.revealed",
        actor=actor,
        reason=reason,
        data={"fields": ["name", "phone", "email", "addresses"]},
    )
    return view
