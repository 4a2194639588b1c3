"""Service requests (服务请求) from the portal, staff intake and the API become work orders."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import Invalid
from aftersales.core.models import User
from aftersales.customers.models import Address, Asset, Customer
from aftersales.customers.services import find_asset_by_serial
from aftersales.workorders.attachments import sniff
from aftersales.workorders.choices import OrderType, Priority
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
