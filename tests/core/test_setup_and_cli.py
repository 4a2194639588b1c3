"""Settings, password hashing and the console script."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core.management import call_command

from aftersales.core.models import User
from aftersales.demo import loader
from aftersales.workorders.models import WorkOrder


def test_passwords_are_hashed_with_argon2(settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    from aftersales.core.services import user_create

    user = user_create(username="zhang", password="a-long-pass-phrase", roles=["customer"])
    assert User.objects.get(pk=user.pk).password.startswith("argon2")
    assert get_hasher("default").algorithm == "argon2"


def test_project_settings_put_argon2_first():
    from aftersales import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_production_fails_fast_without_a_secret_key(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    }
    env.update(
        AFTERSALES_ENV="production",
        AFTERSALES_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="aftersales.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "aftersales", "check"],
        env=env,
        capture_output=True,
        check=False,
        text=True,
    )  # noqa: S603
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_console_script_runs_a_management_command(tmp_path):
    env = {
        **os.environ,
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "aftersales.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "aftersales", "check"],
        env=env,
        capture_output=True,
        check=False,
        text=True,
    )  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_demo_loads_once_through_the_services(capsys):
    call_command("demo", customers=12, orders=60)
    assert "demo data loaded" in capsys.readouterr().out
    assert (
        User.objects.filter(
            username__in=[
                "admin",
                "agent",
                "dispatcher",
                "advisor",
                "technician",
                "auditor",
                "manager",
                "manager2",
                "customer",
            ]
        ).count()
        == 9
    )
    assert WorkOrder.objects.count() == 60
    states = set(WorkOrder.objects.values_list("status", flat=True))
    assert "closed" in states and len(states) >= 4, states
    call_command("demo", customers=12, orders=60)
    assert "already loaded" in capsys.readouterr().out
    assert WorkOrder.objects.count() == 60
    assert loader.is_loaded()


def test_demo_refuses_bad_arguments():
    with pytest.raises(SystemExit) as exc:
        call_command("demo", customers=0)
    assert exc.value.code == 2
