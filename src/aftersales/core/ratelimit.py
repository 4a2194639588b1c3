"""Fixed-window attempt counter in the shared cache (Redis in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import RateLimited


def check_login_rate(*keys: str) -> None:
    """Count one attempt for each key; refuse once any key passed the limit in the window."""
    limit, window = settings.LOGIN_RATE_LIMIT, settings.LOGIN_RATE_WINDOW_SECONDS
    for key in keys:
        cache_key = f"login-attempts:{key}"
        cache.add(cache_key, 0, timeout=window)
        try:
            attempts = cache.incr(cache_key)
        except ValueError:
            cache.set(cache_key, 1, timeout=window)
            attempts = 1
        if attempts > limit:
            raise RateLimited(_("Too many login attempts. Try again in a few minutes."))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")
