"""Settings: every SQLite database gets the embedded options; production refuses weak settings."""

import json
import os
import subprocess
import sys

import pytest

from aftersales import settings as project

STRONG_SECRET = "k" * 50
STRONG_WEBHOOK = "w" * 32


def test_a_sqlite_url_gets_the_same_options_as_the_embedded_default(tmp_path):
    default = project.database_settings(None)
    from_url = project.database_settings(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert from_url["ENGINE"] == "django.db.backends.sqlite3"
    assert from_url["OPTIONS"] == default["OPTIONS"]
    assert from_url["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in from_url["OPTIONS"]["init_command"]
    assert from_url["OPTIONS"]["timeout"] >= 20


def test_a_postgres_url_gets_no_sqlite_options():
    config = project.database_settings("postgres://u:p@db.example:5432/aftersales")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert "init_command" not in config.get("OPTIONS", {})


def run_with_settings(env_overrides: dict[str, str], tmp_path, code: str):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SMS_WEBHOOK_TOKEN", "DEBUG")
        and not k.startswith("SECURE_")
    }
    env.update(AFTERSALES_VAR_DIR=str(tmp_path), **env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    return {
        "AFTERSALES_ENV": "production",
        "SECRET_KEY": STRONG_SECRET,
        "ALLOWED_HOSTS": "service.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SMS_WEBHOOK_TOKEN": STRONG_WEBHOOK,
        **overrides,
    }


IMPORT_SETTINGS = "import aftersales.settings"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": "short-secret"}, "SECRET_KEY must be at least 50 characters"),
        ({"SMS_WEBHOOK_TOKEN": "short-token"}, "SMS_WEBHOOK_TOKEN must be at least 32 characters"),
        ({"DEBUG": "true"}, "DEBUG must not be true"),
    ],
)
def test_production_refuses_weak_settings_at_start_up(tmp_path, override, message):
    result = run_with_settings(production_env(tmp_path, **override), tmp_path, IMPORT_SETTINGS)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_turns_on_https_hsts_and_secure_cookies(tmp_path):
    code = (
        "import json, aftersales.settings as s; print(json.dumps({n: getattr(s, n) for n in "
        "['SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'CONTENT_SECURITY_POLICY', 'DEBUG']}))"
    )
    result = run_with_settings(production_env(tmp_path), tmp_path, code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert "script-src 'self'" in values["CONTENT_SECURITY_POLICY"]
    assert values["DEBUG"] is False


def test_embedded_mode_stays_on_plain_http(tmp_path):
    code = "import aftersales.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    result = run_with_settings({"AFTERSALES_ENV": "embedded"}, tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0"]


def test_every_page_carries_a_content_security_policy(db, client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
