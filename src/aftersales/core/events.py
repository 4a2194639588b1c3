"""Declared events: every audit verb with its label (zh-hans and en) and its audience.

Each app declares its verbs in its `events.py` (a state machine declares one per transition);
the timeline and the API read labels and audiences from here, and `record_event` refuses a verb
nobody declared (../shared/STYLE.md, "Events and audiences").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who an event is for. Only `customer` events reach the customer's timeline."""

    CUSTOMER = "customer", _("customer")
    STATION = "station", _("station")
    NETWORK = "network", _("network")
    MANUFACTURER = "manufacturer", _("manufacturer")
    INTERNAL = "internal", _("internal")


@dataclass(frozen=True)
class EventType:
    verb: str
    label: str | Promise
    audience: str


_events: dict[str, EventType] = {}


def declare_event(verb: str, label: str | Promise, audience: str) -> EventType:
    if verb in _events:
        raise ValueError(f"event {verb!r} is declared twice")
    if audience not in Audience.values:
        raise ValueError(f"event {verb!r}: unknown audience {audience!r}")
    event = EventType(verb, label, audience)
    _events[verb] = event
    return event


def event_type(verb: str) -> EventType:
    try:
        return _events[verb]
    except KeyError:
        raise LookupError(
            f"undeclared event verb {verb!r}: declare it with declare_event() in the app's events.py"
        ) from None


def event_label(verb: str) -> str:
    event = _events.get(verb)
    return str(event.label) if event else verb


def declared_events() -> dict[str, EventType]:
    return dict(_events)


A = Audience
declare_event("organisation.created", _("Organisation recorded"), A.INTERNAL)
declare_event("user.created", _("User recorded"), A.INTERNAL)
declare_event("token.created", _("API token created"), A.INTERNAL)
declare_event("token.revoked", _("API token revoked"), A.INTERNAL)
declare_event("token.revoked_all", _("Every API token revoked"), A.INTERNAL)
declare_event("admin.created", _("Created in the admin"), A.INTERNAL)
declare_event("admin.changed", _("Changed in the admin"), A.INTERNAL)
declare_event("admin.related_changed", _("Related records changed in the admin"), A.INTERNAL)
declare_event("admin.deleted", _("Deleted in the admin"), A.INTERNAL)
