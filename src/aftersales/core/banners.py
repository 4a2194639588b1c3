"""Lines that `aftersales serve` prints at start-up, contributed by higher apps (the demo's
logins) without core importing them: apps register a function in `AppConfig.ready()`."""

from __future__ import annotations

from collections.abc import Callable

Banner = Callable[[], list[str]]
_banners: list[Banner] = []


def register_banner(banner: Banner) -> Banner:
    _banners.append(banner)
    return banner


def banner_lines() -> list[str]:
    return [line for banner in _banners for line in banner()]
