"""API plumbing shared by every router: authentication, error shape, keyset cursors."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from aftersales.core.errors import DomainError, Invalid
from aftersales.core.tokens import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [BearerToken(), django_auth]


class FieldError(Schema):
    field: str
    message: str
    message_zh: str
    message_en: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldError] = []


# The error answers every router declares, mapped once from the domain errors below
# (../shared/STYLE.md, practice 7): `response={200: ThingOut, **ERROR_RESPONSES}`. An endpoint
# with an extra answer adds it (`413: ErrorOut` for an upload, `429: ErrorOut` for a throttle).
ERROR_RESPONSES: dict[int, type[ErrorOut]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _both(message: Any) -> tuple[str, str, str]:
    text = str(message)
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    return text, zh, en


def error_body(exc: DomainError) -> dict[str, Any]:
    errors = []
    for field, message in exc.fields.items():
        text, zh, en = _both(message)
        errors.append({"field": field, "message": text, "message_zh": zh, "message_en": en})
    body: dict[str, Any] = {"detail": str(exc.message), "code": exc.code, "errors": errors}
    body.update({k: v for k, v in exc.data.items() if k not in body})
    return body


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, error_body(exc), status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, Any] = {}
        for err in exc.errors:
            loc = [
                str(x)
                for x in err.get("loc", [])
                if x not in ("body", "query", "path", "form", "file", "payload")
            ]
            fields[".".join(loc) or "body"] = err.get("msg", "invalid")
        invalid = Invalid(_("Check the highlighted fields."), fields=fields)
        return api.create_response(request, error_body(invalid), status=422)

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {
            "detail": str(_("Sign in, or send a valid bearer token.")),
            "code": "unauthenticated",
            "errors": [],
        }
        return api.create_response(request, body, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body = {"detail": str(exc), "code": "http_error", "errors": []}
        return api.create_response(request, body, status=exc.status_code)


def encode_cursor(created_at: datetime, last_id: int) -> str:
    """Opaque keyset cursor: the (created_at, id) of the last row of a page, newest first."""
    raw = f"{created_at.isoformat()}|{last_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, value = raw.split("|", 1)
        created_at = datetime.fromisoformat(stamp)
        if created_at.tzinfo is None:
            raise ValueError
        return created_at, int(value)
    except (ValueError, UnicodeDecodeError):
        raise Invalid(_("Invalid cursor."), fields={"cursor": _("Invalid cursor.")}) from None


def after_cursor(queryset: QuerySet[Any], cursor: str | None) -> QuerySet[Any]:
    """Rows after the cursor in (-created_at, -id) order."""
    position = decode_cursor(cursor)
    if position is None:
        return queryset
    created_at, last_id = position
    return queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=last_id))


def keyset_page(
    queryset: QuerySet[Any], cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    rows = list(after_cursor(queryset.order_by("-created_at", "-id"), cursor)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].created_at, rows[-1].id) if more and rows else None)
