"""Audit events: one constructor, called by services inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from aftersales.core import clock
from aftersales.core.events import Audience, event_type
from aftersales.core.models import AuditEvent, User


def record_event(
    *,
    record: models.Model,
    verb: str,
    actor: User | None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    public: bool | None = None,
) -> AuditEvent:
    """`public` (shown to the customer) follows the verb's declared audience unless the caller
    decides per row (an internal comment, a photo not for the customer)."""
    declared = event_type(verb)
    if public is None:
        public = declared.audience == Audience.CUSTOMER
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=actor,
        actor_name=str(actor) if actor else "system",
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_label=str(record)[:120],
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
        public=public,
    )


def events_for(record: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).order_by("at", "id")
