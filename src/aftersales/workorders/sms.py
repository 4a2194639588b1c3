"""Inbound SMS short-code channel (短信报修): `报修 <serial> <fault>` and `注册 <serial>`.

Idempotent on the provider's message id: a retried delivery gets the first reply again and
writes nothing. The reply is returned to the provider in the webhook's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.errors import DomainError, Invalid
from aftersales.core.validators import clean_text, normalise_mobile
from aftersales.customers.models import Customer, RegistrationChannel
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


def _handle(from_phone: str, text: str):
    try:
        phone = normalise_mobile(from_phone)
    except Invalid:
        return "invalid_phone", REPLIES["invalid_phone"], None
    match = COMMAND_RE.match(text or "")
    if not match:
        return "unknown_command", REPLIES["help"], None
    word, serial, rest = (
        match.group(1).upper(),
        match.group(2).upper(),
        (match.group(3) or "").strip(),
    )
    if word not in REPAIR_WORDS + REGISTER_WORDS:
        return "unknown_command", REPLIES["help"], None
    try:
        asset = find_asset_by_serial(serial)
    except DomainError:
        return "unknown_serial", REPLIES["unknown_serial"].format(serial=serial), None
    customer = Customer.objects.filter(phone=phone).first()
    if asset.customer_id and (customer is None or asset.customer_id != customer.pk):
        return "not_owner", REPLIES["not_owner"].format(serial=serial), None
    if customer is None:
        customer = customer_create(name=f"短信用户{phone[-4:]}", phone=phone, actor=None)
    if word in REGISTER_WORDS:
        if hasattr(asset, "registration"):
            return "already_registered", REPLIES["already_registered"].format(serial=serial), None
        registration = warranty_register(
            asset=asset, customer=customer, channel=RegistrationChannel.SMS, actor=None
        )
        return (
            "registered",
            REPLIES["registered"].format(
                serial=serial, date=registration.purchase_date.isoformat()
            ),
            None,
        )
    if not rest:
        return "missing_fault", REPLIES["missing_fault"].format(serial=serial), None
    order = work_order_create(
        customer=customer, fault_description=rest, channel=Channel.SMS, actor=None, asset=asset
    )
    hours = max(1, round((order.response_due_at - order.created_at).total_seconds() / 3600))  # type: ignore[operator]
    return "created", REPLIES["created"].format(number=order.number, hours=hours), order
