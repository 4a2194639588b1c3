"""API tokens: issue on username + password, authenticate by SHA-256 of the bearer value.

A token ends when it expires, when its owner revokes it, and when the owner's password changes
or the account is deactivated (User.save calls api_tokens_revoke_all), as sessions do.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.core import clock
from aftersales.core.aggregates import TextList, split_list
from aftersales.core.audit import record_event
from aftersales.core.errors import NotFound, field_error
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
        raise field_error("password", _("Wrong username or password."))
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
    """The token's user with everything the access layer asks next (organisation, roles, the
    customer record of a customer) in one query: four round trips before (issue 8 §4)."""
    token = (
        ApiToken.objects.select_related("user__organisation", "user__customer")
        .annotate(role_list=TextList("user__roles__role"))
        .filter(key_hash=ApiToken.hash(raw))
        .first()
    )
    now = clock.now()
    if token is None or not token.user.is_active or (token.expires_at and token.expires_at < now):
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        # Coarse: a write per request would serialise all API reads on SQLite.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    user.__dict__["role_set"] = frozenset(split_list(token.role_list))
    return user


def api_tokens_for(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first; nobody lists another person's tokens."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_revoke(*, token_id: int, actor: User) -> None:
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
            if 0 < token_id < 2**63  # beyond the column, SQLite raises OverflowError
            else None
        )
        if token is None:
            # Another user's token answers as a missing one: never confirm that it exists.
            raise NotFound(_("No such token."), fields={"token_id": _("No such token.")})
        record_event(
            record=actor,
            verb="token.revoked",
            actor=actor,
            data={"prefix": token.prefix, "name": token.name},
        )
        token.delete()


def api_tokens_revoke_all(*, user: User, reason: str, actor: User | None = None) -> int:
    """End every token of the user (password changed, account deactivated); returns how many."""
    with transaction.atomic():
        prefixes = list(ApiToken.objects.filter(user=user).values_list("prefix", flat=True))
        if not prefixes:
            return 0
        ApiToken.objects.filter(user=user).delete()
        record_event(
            record=user,
            verb="token.revoked_all",
            actor=actor,
            reason=reason,
            data={"prefixes": prefixes},
        )
    return len(prefixes)
