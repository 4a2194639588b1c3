"""Loading the demo: a progress bar that works with and without a terminal, one password hash
for all the demo logins, and the history the pages read still written."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from aftersales.core.audit import events_for
from aftersales.core.models import User
from aftersales.customers.models import Asset, Customer
from aftersales.demo.data import DEMO_PASSWORD
from aftersales.demo.progress import Progress


def test_without_a_terminal_the_bar_is_a_line_at_the_start_and_every_tenth():
    out = io.StringIO()
    progress = Progress(out, tty=False)
    for done in range(1, 201):
        progress.update("work orders", done, 200)
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert "\r" not in out.getvalue()
    assert lines[-1].startswith("work orders") and "100%" in lines[-1] and "200/200" in lines[-1]
    assert "[" + "#" * 30 + "]" in lines[-1]


def test_on_a_terminal_the_bar_is_redrawn_in_place():
    out = io.StringIO()
    progress = Progress(out, tty=True)
    for done in range(1, 6):
        progress.update("customers", done, 5)
    text = out.getvalue()
    assert text.count("\r") == 5 and text.count("\n") == 1
    assert text.endswith("100% 5/5 · 0s\n")


@pytest.mark.django_db
def test_the_demo_shows_progress_and_its_logins_work():
    out = io.StringIO()
    call_command("demo", customers=12, orders=30, stdout=out)
    text = out.getvalue()
    assert "customers" in text and "work orders" in text and "100%" in text
    users = User.objects.filter(username__in=["admin", "agent", "technician", "customer"])
    # One hash for the one published password, and it is the right one.
    assert len({u.password for u in users}) == 1
    for user in users:
        assert authenticate(username=user.username, password=DEMO_PASSWORD) == user
    assert authenticate(username="agent", password="wrong") is None


@pytest.mark.django_db
def test_customers_and_assets_keep_the_history_their_pages_show():
    call_command("demo", customers=12, orders=0, stdout=io.StringIO())
    customer = Customer.objects.get(phone="13912345678")
    assert [e.verb for e in events_for(customer)] == ["customer.created"]
    assert customer.addresses.get().is_default
    for asset in Asset.objects.filter(customer=customer):
        verbs = [e.verb for e in events_for(asset)]
        assert verbs[0] == "asset.created"
        assert set(verbs) <= {"asset.created", "asset.registered"}


def test_progress_can_go_to_a_callers_logger_as_lines():
    lines: list[str] = []
    progress = Progress.to(lines.append)
    progress.line("network: 1 station")
    for done in range(1, 21):
        progress.update("work orders", done, 20)
    assert lines[0] == "network: 1 station"
    assert len(lines) == 12 and "20/20" in lines[-1]
