"""Login throttling: failed attempts in a sliding window, in the shared cache.

Only failures count, so people who sign in correctly never lock anybody out. Failures are
counted per (user name, client address) and per client address: a stranger who guesses at a
named account from one address locks only that pair, and the owner still signs in from
anywhere else; an address that guesses at many accounts is stopped by its own count.

Each key holds the timestamps of its recent failures (at most the limit); a failure leaves the
count when it is older than the window, whatever happened after it, and the entry expires one
window after its newest failure. That works alike on the file cache, locmem and Redis, unlike a
counter with `incr` (a fixed window, which the file cache even stretches: its `incr` is a `set`
with the default timeout). Two failures landing at the same instant may count as one; a
throttle can afford that.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import RateLimited


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    user = username.strip().lower()
    pair = hashlib.sha256(f"{user}\x00{address}".encode()).hexdigest()
    by_address = hashlib.sha256(address.encode()).hexdigest()
    return [
        (f"login-failures:pair:{pair}", settings.LOGIN_RATE_LIMIT),
        (f"login-failures:addr:{by_address}", settings.LOGIN_ADDRESS_RATE_LIMIT),
    ]


def _recent(cache_key: str, now: float) -> list[float]:
    window = settings.LOGIN_RATE_WINDOW_SECONDS
    stamps = cache.get(cache_key) or []
    return [t for t in stamps if isinstance(t, int | float) and now - window < t <= now]


def check_login_allowed(*, username: str, address: str) -> None:
    """Refuse (429) while the pair or the address has used up its failures in the window."""
    now = time.time()
    for cache_key, limit in _keys(username, address):
        if len(_recent(cache_key, now)) >= limit:
            raise RateLimited(_("Too many login attempts. Try again in a few minutes."))


def record_login_failure(*, username: str, address: str) -> None:
    now = time.time()
    window = settings.LOGIN_RATE_WINDOW_SECONDS
    for cache_key, limit in _keys(username, address):
        stamps = [*_recent(cache_key, now), now][-limit:]
        # The entry lives as long as its newest failure counts; older ones are dropped on read.
        cache.set(cache_key, stamps, timeout=window)


def record_login_success(*, username: str, address: str) -> None:
    """The owner got in: forget the pair's failures (the address keeps its count)."""
    cache.delete(_keys(username, address)[0][0])


def client_address(request: HttpRequest | None) -> str:
    """The client's address; behind trusted proxies, the one the nearest proxy saw."""
    if request is None:
        return "unknown"
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [a.strip() for a in header.split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR") or "unknown")
