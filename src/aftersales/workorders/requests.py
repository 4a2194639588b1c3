"""Service requests (服务请求) from the portal, staff intake and the API become work orders."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core.access import scope
from aftersales.core.errors import Invalid
from aftersales.core.models import User
from aftersales.core.validators import normalise_mobile
from aftersales.customers.models import Address, Asset, Customer
from aftersales.customers.services import customer_create, find_asset_by_serial
from aftersales.workorders.attachments import sniff
from aftersales.workorders.choices import Channel, OrderType, Priority
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.services import work_order_attach, work_order_create

MAX_PHOTOS = 6


def service_request_submit(
    *,
    customer: Customer,
    actor: User | None,
    channel: str,
    fault_description: str,
    asset: Asset | None = None,
    serial: str = "",
    address: Address | None = None,
    type: str = OrderType.REPAIR,
    priority: str = Priority.NORMAL,
    preferred_start: datetime | None = None,
    preferred_end: datetime | None = None,
    photos: list[UploadedFile] | None = None,
) -> WorkOrder:
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise Invalid(
            _("At most 6 files per request."), fields={"photos": _("At most 6 files per request.")}
        )
    for photo in photos:
        sniff(photo)  # refuse before anything is written
    if asset is None and serial.strip():
        asset = find_asset_by_serial(serial)
        if asset.customer_id not in (None, customer.pk):
            raise Invalid(
                _("This serial number is registered to another customer."),
                fields={"serial": _("This serial number is registered to another customer.")},
            )
    with transaction.atomic():
        order = work_order_create(
            customer=customer,
            fault_description=fault_description,
            channel=channel,
            actor=actor,
            asset=asset,
            address=address,
            type=type,
            priority=priority,
            preferred_start=preferred_start,
            preferred_end=preferred_end,
        )
        for photo in photos:
            work_order_attach(work_order=order, actor=actor, upload=photo, visible_to_customer=True)  # type: ignore[arg-type]
    return order


def phone_intake(
    *,
    actor: User,
    phone: str,
    fault_description: str,
    name: str = "",
    province: str = "",
    city: str = "",
    line: str = "",
    serial: str = "",
    type: str = OrderType.REPAIR,
    priority: str = Priority.NORMAL,
) -> WorkOrder:
    """Staff phone intake: find the caller among this organisation's customers by mobile number
    (or record a new one), then file the request, all in one transaction."""
    phone = normalise_mobile(phone)
    with transaction.atomic():
        customer = scope(Customer.objects.all(), actor).filter(phone=phone).first()
        if customer is None:
            if Customer.objects.filter(phone=phone).exists():
                # Known to the network but not to this organisation: do not reveal the record.
                message = _("This number belongs to a customer of another organisation.")
                raise Invalid(message, fields={"phone": message})
            if not name.strip():
                message = _("New caller: enter a name and address.")
                raise Invalid(message, fields={"name": message})
            address = {"province": province, "city": city, "line": line} if city and line else None
            customer = customer_create(name=name, phone=phone, actor=actor, address=address)
        asset = find_asset_by_serial(serial) if serial.strip() else None
        return service_request_submit(
            customer=customer,
            actor=actor,
            channel=Channel.PHONE,
            fault_description=fault_description,
            asset=asset,
            type=type,
            priority=priority,
        )
