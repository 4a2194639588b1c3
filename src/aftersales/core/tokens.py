"""API tokens: issue on username + password, authenticate by SHA-256 of the bearer value."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.audit import record_event
from aftersales.core.errors import Invalid
from aftersales.core.models import ApiToken, User
from aftersales.core.ratelimit import (
    check_login_allowed,
    record_login_failure,
    record_login_success,
)

TOKEN_LIFETIME = timedelta(days=30)


def api_token_create(
    *, username: str, password: str, client: str, name: str = ""
) -> tuple[ApiToken, str]:
    check_login_allowed(username=username, address=client)
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        record_login_failure(username=username, address=client)
        raise Invalid(
            _("Wrong username or password."),
            fields={"password": _("Wrong username or password.")},
        )
    record_login_success(username=username, address=client)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=ApiToken.hash(raw),
            prefix=raw[:8],
            name=name[:60],
            expires_at=clock.now() + TOKEN_LIFETIME,
        )
        record_event(record=user, verb="token.created", actor=user, data={"prefix": token.prefix})
    return token, raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=ApiToken.hash(raw))
        .first()
    )
    now = clock.now()
    if token is None or not token.user.is_active or (token.expires_at and token.expires_at < now):
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        # Coarse: a write per request would serialise all API reads on SQLite.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
