"""The demo's logins on the `aftersales serve` banner, once the demo is loaded."""

from __future__ import annotations

from django.db import DatabaseError

from aftersales.core.banners import register_banner
from aftersales.core.models import User
from aftersales.demo.data import DEMO_LOGINS, DEMO_PASSWORD


@register_banner
def demo_logins() -> list[str]:
    try:
        known = set(
            User.objects.filter(username__in=[u for u, _ in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
    except DatabaseError:  # not migrated yet: the pages will say so, not the banner
        return []
    if not known:
        return []
    return [
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
        *(f"  {username:<15} {what}" for username, what in DEMO_LOGINS if username in known),
    ]
