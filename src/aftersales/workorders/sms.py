"""Inbound SMS short-code channel (短信报修): `报修 <serial> <fault>` and `注册 <serial>`.

Idempotent on the provider's message id: a retried delivery gets the first reply again and
writes nothing. The reply is returned to the provider in the webhook's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.errors import DomainError, Invalid
from aftersales.core.validators import clean_text, normalise_mobile
from aftersales.customers.models import Asset, Customer, RegistrationChannel
from aftersales.customers.services import customer_create, find_asset_by_serial, warranty_register
from aftersales.workorders.choices import Channel
from aftersales.workorders.models import InboundSms
from aftersales.workorders.services import work_order_create

REPAIR_WORDS = ("报修", "維修", "维修", "REPAIR", "BX")
REGISTER_WORDS = ("注册", "註冊", "REGISTER", "ZC")
COMMAND_RE = re.compile(r"^\s*(\S+?)[\s:：,，]+(\S+)(?:[\s:：,，]+(.*))?$", re.S)

# Replies go to Chinese mobile phones; they are Chinese on purpose, whatever the admin's language.
REPLIES = {
    "help": "未能识别。报修请发送：报修 序列号 故障描述；注册请发送：注册 序列号。",
    "invalid_phone": "号码无效，无法受理。",
    "unknown_serial": "未找到序列号{serial}，请核对后重发。",
    "not_owner": "序列号{serial}已登记在其他用户名下，如有疑问请致电客服热线。",
    "missing_fault": "请在序列号后写明故障情况，例如：报修 {serial} 不制冷。",
    "created": "报修已受理，工单号{number}。我们将在{hours}小时内联系您。",
    "registered": "产品{serial}已完成三包电子注册，保修自{date}起计算。",
    "already_registered": "产品{serial}已注册，无需重复注册。",
}


@dataclass(frozen=True)
class SmsResult:
    outcome: str
    reply: str
    work_order_number: str | None
    duplicate: bool


def sms_receive(*, provider_message_id: str, from_phone: str, text: str) -> SmsResult:
    if not provider_message_id.strip():
        raise Invalid(
            _("The provider's message id is required."), fields={"message_id": _("Required.")}
        )
    text = clean_text(text, field="text", max_length=1000)
    previous = (
        InboundSms.objects.filter(provider_message_id=provider_message_id)
        .select_related("work_order")
        .first()
    )
    if previous is not None:
        return _result(previous, duplicate=True)
    try:
        with transaction.atomic():
            outcome, reply, order = _handle(from_phone, text)
            sms = InboundSms.objects.create(
                provider_message_id=provider_message_id,
                from_phone=from_phone[:20],
                text=text[:1000],
                received_at=clock.now(),
                outcome=outcome,
                reply_text=reply,
                work_order=order,
            )
    except IntegrityError:
        # The same message delivered twice at once: the other delivery won; answer as it did.
        sms = InboundSms.objects.select_related("work_order").get(
            provider_message_id=provider_message_id
        )
        return _result(sms, duplicate=True)
    return _result(sms, duplicate=False)


def _result(sms: InboundSms, *, duplicate: bool) -> SmsResult:
    number = sms.work_order.number if sms.work_order else None
    return SmsResult(sms.outcome, sms.reply_text, number, duplicate)


class _Reply(Exception):
    """An answer that ends the conversation before any order is made."""

    def __init__(self, outcome: str, text: str) -> None:
        super().__init__(outcome)
        self.outcome, self.text = outcome, text


def _parse(from_phone: str, text: str) -> tuple[str, str, str, str]:
    """(phone, command word, serial, the rest) of an SMS, or the reply that explains why not."""
    try:
        phone = normalise_mobile(from_phone)
    except Invalid:
        raise _Reply("invalid_phone", REPLIES["invalid_phone"]) from None
    match = COMMAND_RE.match(text or "")
    if not match or match.group(1).upper() not in REPAIR_WORDS + REGISTER_WORDS:
        raise _Reply("unknown_command", REPLIES["help"])
    return phone, match.group(1).upper(), match.group(2).upper(), (match.group(3) or "").strip()


def _owner(phone: str, serial: str) -> tuple[Asset, Customer]:
    """The unit and the customer texting about it (recorded on first contact)."""
    try:
        asset = find_asset_by_serial(serial)
    except DomainError:
        raise _Reply("unknown_serial", REPLIES["unknown_serial"].format(serial=serial)) from None
    customer = Customer.objects.filter(phone=phone).first()
    if asset.customer_id and (customer is None or asset.customer_id != customer.pk):
        raise _Reply("not_owner", REPLIES["not_owner"].format(serial=serial))
    if customer is None:
        customer = customer_create(name=f"短信用户{phone[-4:]}", phone=phone, actor=None)
    return asset, customer


def _register(asset: Asset, customer: Customer, serial: str) -> tuple[str, str, None]:
    if hasattr(asset, "registration"):
        raise _Reply("already_registered", REPLIES["already_registered"].format(serial=serial))
    registration = warranty_register(
        asset=asset, customer=customer, channel=RegistrationChannel.SMS, actor=None
    )
    date = registration.purchase_date.isoformat()
    return "registered", REPLIES["registered"].format(serial=serial, date=date), None


def _repair(asset: Asset, customer: Customer, serial: str, fault: str) -> tuple[str, str, Any]:
    if not fault:
        raise _Reply("missing_fault", REPLIES["missing_fault"].format(serial=serial))
    order = work_order_create(
        customer=customer, fault_description=fault, channel=Channel.SMS, actor=None, asset=asset
    )
    due = order.response_due_at or order.created_at
    hours = max(1, round((due - order.created_at).total_seconds() / 3600))
    return "created", REPLIES["created"].format(number=order.number, hours=hours), order


def _handle(from_phone: str, text: str) -> tuple[str, str, Any]:
    try:
        phone, word, serial, rest = _parse(from_phone, text)
        asset, customer = _owner(phone, serial)
        if word in REGISTER_WORDS:
            return _register(asset, customer, serial)
        return _repair(asset, customer, serial, rest)
    except _Reply as reply:
        return reply.outcome, reply.text, None
