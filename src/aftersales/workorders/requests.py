"""Service requests (服务请求) from the portal, staff intake and the API become work orders."""

from __future__ import annotations

import re
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core.access import scope
from aftersales.core.errors import field_error
from aftersales.core.models import User
from aftersales.core.validators import normalise_mobile
from aftersales.customers.models import Address, Asset, Customer
from aftersales.customers.services import PHONE_IN_USE, customer_create, find_asset_by_serial
from aftersales.workorders.attachments import sniff
from aftersales.workorders.choices import Channel, OrderType, Priority
from aftersales.workorders.models import WorkOrder
from aftersales.workorders.services import work_order_attach, work_order_create

MAX_PHOTOS = 6
# A UUID fits with room to spare; printable ASCII without spaces, as HTTP headers carry it.
IDEMPOTENCY_KEY_RE = re.compile(r"[\x21-\x7e]{1,64}")


def _checked_key(key: str) -> str:
    if key and not IDEMPOTENCY_KEY_RE.fullmatch(key):
        message = _("An idempotency key is 1 to 64 printable characters without spaces.")
        raise field_error("idempotency_key", message)
    return key


def request_already_filed(actor: User | None, idempotency_key: str) -> WorkOrder | None:
    """The order this submitter filed with this key before (keys are per submitter)."""
    if actor is None or not _checked_key(idempotency_key):
        return None
    return WorkOrder.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()


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
    idempotency_key: str = "",
) -> WorkOrder:
    """File a request. The same `idempotency_key` from the same submitter answers with the
    order filed first (a form posted again after Back, an API call retried)."""
    first = request_already_filed(actor, idempotency_key)
    if first is not None:
        return first
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise field_error("photos", _("At most 6 files per request."))
    for photo in photos:
        sniff(photo)  # refuse before anything is written
    if asset is None and serial.strip():
        asset = find_asset_by_serial(serial)
        if asset.customer_id not in (None, customer.pk):
            raise field_error("serial", _("This serial number is registered to another customer."))
    with transaction.atomic():
        try:
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
                    idempotency_key=idempotency_key if actor is not None else "",
                )
        except IntegrityError:
            # The same key posted twice at once: the other submission committed first.
            first = request_already_filed(actor, idempotency_key)
            if first is None:
                raise
            return first
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
    idempotency_key: str = "",
) -> WorkOrder:
    """Staff phone intake: find the caller among this organisation's customers by mobile number
    (or record a new one), then file the request, all in one transaction."""
    first = request_already_filed(actor, idempotency_key)
    if first is not None:
        return first
    phone = normalise_mobile(phone)
    with transaction.atomic():
        customer = scope(Customer.objects.all(), actor).filter(phone=phone).first()
        if customer is None:
            if Customer.objects.filter(phone=phone).exists():
                # Known elsewhere but not to this organisation: the same words as creating a
                # customer with a number in use, which say nothing of whose it is.
                raise field_error("phone", PHONE_IN_USE)
            if not name.strip():
                message = _("New caller: enter a name and address.")
                raise field_error("name", message)
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
            idempotency_key=idempotency_key,
        )
