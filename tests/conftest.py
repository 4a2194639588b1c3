from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.factories import World, build_world, token_for


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SMS_WEBHOOK_TOKEN = "test-webhook-token"
    settings.LANGUAGE_CODE = "en"
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # A request in zh-hans leaves its language active on the thread: start each test in English.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def world(db) -> World:
    return build_world()


class ApiClient:
    """Calls the real endpoints with a bearer token, as an integration would."""

    def __init__(self, user: Any = None, token: str | None = None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            token = token or token_for(user)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, data: Any = None, **kw: Any):
        fn = getattr(self.client, method)
        url = path if path.startswith("/") else f"/api/v1/{path}"
        if method in ("post", "put", "patch") and "files" not in kw:
            return fn(
                url,
                data=json.dumps(data or {}),
                content_type="application/json",
                headers=self.headers,
                **kw,
            )
        if "files" in kw:
            files = kw.pop("files")
            return fn(url, data={**(data or {}), **files}, headers=self.headers, **kw)
        return fn(url, data=data, headers=self.headers, **kw)

    def get(self, path: str, data: Any = None, **kw: Any):
        return self._call("get", path, data, **kw)

    def post(self, path: str, data: Any = None, **kw: Any):
        return self._call("post", path, data, **kw)

    def patch(self, path: str, data: Any = None, **kw: Any):
        return self._call("patch", path, data, **kw)

    def put(self, path: str, data: Any = None, **kw: Any):
        return self._call("put", path, data, **kw)

    def delete(self, path: str, data: Any = None, **kw: Any):
        return self._call("delete", path, data, **kw)


@pytest.fixture
def api():
    return ApiClient


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say loudly when the browser tests could not run, and why (never a silent skip)."""
    skipped = terminalreporter.stats.get("skipped", [])
    browser = [r for r in skipped if "tests/browser/" in r.nodeid]
    if browser:
        reason = (
            browser[0].longrepr[2]
            if isinstance(browser[0].longrepr, tuple)
            else str(browser[0].longrepr)
        )
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(browser)} browser test(s) did not run: {reason}", red=True, bold=True
        )
        terminalreporter.write_line(
            "Install Debian's chromium (apt-get install chromium) to run them.", red=True
        )
