"""API tokens: issue on username + password, authenticate by SHA-256 of the bearer value.

A token ends when it expires, when its owner revokes it, and when the owner's password changes
or the account is deactivated (User.save calls api_tokens_revoke_all), as sessions do.

What a token authenticates as (the user with organisation, customer record and roles) is kept in
the cache for a minute, so an API request costs no query before its own: the lookup is one
joined, grouped query whose compiling alone costs more than the request's own read (issue 8 §4).
Revoking a token, and any change of its user or the user's roles, drops the entries at once
(`forget_tokens_of`); a change to the user's organisation shows within the minute.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.core.cache import cache
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
CACHE_SECONDS = 60
LAST_USED_EVERY = timedelta(minutes=5)


def _cache_key(key_hash: str) -> str:
    return f"auth:token:{key_hash}"


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
    customer record of a customer): from the cache, else in one query."""
    key_hash = ApiToken.hash(raw)
    found = cache.get(_cache_key(key_hash))
    if found is None:
        found = _load(key_hash)
        if found is None:
            return None
        cache.set(_cache_key(key_hash), found, CACHE_SECONDS)
    token_id, expires_at, last_used_at, user = found
    now = clock.now()
    if not user.is_active or (expires_at and expires_at < now):
        return None
    if last_used_at is None or now - last_used_at > LAST_USED_EVERY:
        # Coarse: a write per request would serialise all API reads on SQLite.
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        cache.set(_cache_key(key_hash), (token_id, expires_at, now, user), CACHE_SECONDS)
    return user


def _load(key_hash: str) -> tuple[int, object, object, User] | None:
    token = (
        ApiToken.objects.select_related("user__organisation", "user__customer")
        .annotate(role_list=TextList("user__roles__role"))
        .filter(key_hash=key_hash)
        .first()
    )
    if token is None:
        return None
    user = token.user
    user.__dict__["role_set"] = frozenset(split_list(token.role_list))
    return token.pk, token.expires_at, token.last_used_at, user


def forget_tokens_of(user_id: int) -> None:
    """Drop the cached authentication of every token of the user (its roles or record changed),
    now and again after the commit (a request between the two would have cached the old)."""
    _forget_on_commit(
        list(ApiToken.objects.filter(user_id=user_id).values_list("key_hash", flat=True))
    )


def forget_token(key_hash: str) -> None:
    _forget_on_commit([key_hash])


def _forget_on_commit(key_hashes: list[str]) -> None:
    keys = [_cache_key(h) for h in key_hashes]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


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
        _forget_on_commit([token.key_hash])


def api_tokens_revoke_all(*, user: User, reason: str, actor: User | None = None) -> int:
    """End every token of the user (password changed, account deactivated); returns how many."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.filter(user=user).values_list("prefix", "key_hash"))
        if not tokens:
            return 0
        prefixes = [prefix for prefix, _hash in tokens]
        ApiToken.objects.filter(user=user).delete()
        _forget_on_commit([key_hash for _prefix, key_hash in tokens])
        record_event(
            record=user,
            verb="token.revoked_all",
            actor=actor,
            reason=reason,
            data={"prefixes": prefixes},
        )
    return len(prefixes)
