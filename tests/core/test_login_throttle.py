"""Login throttling: failures only, per (user, address) and per address, in a sliding window."""

import time

import pytest
from django.test import Client

from tests.factories import PASSWORD

HOME, ELSEWHERE = "10.0.0.1", "10.9.9.9"


def token_status(api, username, password, address=HOME):
    return (
        api()
        .post("tokens", {"username": username, "password": password}, REMOTE_ADDR=address)
        .status_code
    )


@pytest.fixture
def tight(settings):
    settings.LOGIN_RATE_LIMIT = 3
    settings.LOGIN_ADDRESS_RATE_LIMIT = 5
    settings.LOGIN_RATE_WINDOW_SECONDS = 300
    return settings


def test_successful_logins_never_count(world, api, tight):
    # Given more people sign in correctly from one office address than either limit allows
    for _ in range(3):
        for username in ("agent", "dispatcher", "advisor", "technician", "manager"):
            assert token_status(api, username, PASSWORD) == 201
    # Then a newcomer from the same address still gets in
    assert token_status(api, "customer", PASSWORD) == 201


def test_a_locked_name_does_not_lock_its_owner_out_from_another_address(world, api, tight):
    assert [token_status(api, "agent", "guess") for _ in range(4)] == [422, 422, 422, 429]
    assert token_status(api, "agent", PASSWORD) == 429
    assert token_status(api, "agent", PASSWORD, address=ELSEWHERE) == 201


def test_an_address_guessing_at_many_names_is_stopped_by_its_own_count(world, api, tight):
    names = ["agent", "dispatcher", "advisor", "technician", "manager"]
    assert [token_status(api, name, "guess") for name in names] == [422] * 5
    assert token_status(api, "auditor", PASSWORD) == 429
    assert token_status(api, "auditor", PASSWORD, address=ELSEWHERE) == 201


def test_a_successful_login_forgets_the_pairs_failures(world, api, tight):
    assert [token_status(api, "agent", "guess") for _ in range(2)] == [422, 422]
    assert token_status(api, "agent", PASSWORD) == 201
    assert [token_status(api, "agent", "guess") for _ in range(3)] == [422, 422, 422]
    assert token_status(api, "agent", PASSWORD) == 429


class FakeClock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.locmem.LocMemCache",
    ],
)
def test_the_window_slides_from_each_failure_on_every_cache(
    world, api, tight, tmp_path, monkeypatch, backend
):
    tight.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path / "cache")}}
    tight.LOGIN_RATE_LIMIT = 2
    # The cache's own expiry reads the same clock, so this also checks that a later failure
    # does not stretch the life of an earlier one (the file cache's incr did).
    clock = FakeClock(time.time())
    start = clock.now
    monkeypatch.setattr(time, "time", clock)

    assert token_status(api, "agent", "guess") == 422  # t = 0
    clock.now = start + 250
    assert token_status(api, "agent", "guess") == 422  # t = 250: two failures in the window
    clock.now = start + 260
    assert token_status(api, "agent", PASSWORD) == 429
    clock.now = start + 301  # the first failure left the window
    assert token_status(api, "agent", "guess") == 422
    clock.now = start + 320
    assert token_status(api, "agent", PASSWORD) == 429  # failures at 250 and 301
    clock.now = start + 602  # both left the window
    assert token_status(api, "agent", PASSWORD) == 201


def test_login_page_counts_failures_only(world, tight):
    client = Client(REMOTE_ADDR=HOME)
    for _ in range(5):
        assert (
            client.post("/login/", {"username": "agent", "password": PASSWORD}).status_code == 302
        )
        client.logout()
    for _ in range(3):
        page = client.post("/login/", {"username": "agent", "password": "guess"}).content.decode()
        assert "Please enter a correct" in page
    page = client.post("/login/", {"username": "agent", "password": PASSWORD}).content.decode()
    assert "Too many login attempts" in page
    elsewhere = Client(REMOTE_ADDR=ELSEWHERE)
    assert elsewhere.post("/login/", {"username": "agent", "password": PASSWORD}).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings, rf):
    from aftersales.core.ratelimit import client_address

    settings.TRUSTED_PROXY_HOPS = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request) == "127.0.0.1"
