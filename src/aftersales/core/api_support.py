"""API plumbing shared by every router: authentication, error shape, keyset cursors."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateTimeField,
    F,
    Func,
    QuerySet,
    Value,
)
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth
from pydantic import BeforeValidator

from aftersales.core.errors import (
    DomainError,
    Invalid,
    Malformed,
    NotFound,
    RateLimited,
    field_error,
    lazy_message,
)
from aftersales.core.tokens import user_for_token
from aftersales.core.validators import plain_number


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
    400: ErrorOut,  # a body that cannot be parsed (not JSON, say)
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


# Database ids are signed 64-bit: a larger number would overflow in the driver (a 500), so every
# id the API reads (path, filter, body) is declared with this type. Out of range in the path: the
# URL names no record, 404 like any id you cannot see; in a filter or a body: 422 naming the field.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Quantities and prices: plain decimal notation only (no "1_000", no full-width digits).
PlainDecimal = Annotated[Decimal, BeforeValidator(plain_number)]

# Pydantic's messages are English only; the common ones, translated (both languages go out).
_ENTER_NUMBER = _("Enter a number.")
_ENTER_WHOLE_NUMBER = _("Enter a whole number.")
_ENTER_DATETIME = _("Enter a valid date and time (ISO 8601).")
_ENTER_DATE = _("Enter a valid date (YYYY-MM-DD).")
_ENTER_BOOLEAN = _("Enter true or false.")
PYDANTIC_MESSAGES: Mapping[str, Any] = {
    "missing": _("This field is required."),
    "string_type": _("Enter text."),
    "string_too_short": _("At least %(min_length)s characters."),
    "string_too_long": _("At most %(max_length)s characters."),
    "string_pattern_mismatch": _("Enter a value in the expected format."),
    "int_type": _ENTER_WHOLE_NUMBER,
    "int_parsing": _ENTER_WHOLE_NUMBER,
    "int_from_float": _ENTER_WHOLE_NUMBER,
    "int_parsing_size": _ENTER_WHOLE_NUMBER,
    "float_type": _ENTER_NUMBER,
    "float_parsing": _ENTER_NUMBER,
    "decimal_type": _ENTER_NUMBER,
    "decimal_parsing": _ENTER_NUMBER,
    "finite_number": _ENTER_NUMBER,
    "decimal_max_digits": _("At most %(max_digits)s digits."),
    "decimal_max_places": _("At most %(decimal_places)s decimal places."),
    "decimal_whole_digits": _("At most %(whole_digits)s digits before the decimal point."),
    "greater_than": _("Enter a value greater than %(gt)s."),
    "greater_than_equal": _("Enter a value of at least %(ge)s."),
    "less_than": _("Enter a value less than %(lt)s."),
    "less_than_equal": _("Enter a value of at most %(le)s."),
    "bool_type": _ENTER_BOOLEAN,
    "bool_parsing": _ENTER_BOOLEAN,
    "datetime_type": _ENTER_DATETIME,
    "datetime_parsing": _ENTER_DATETIME,
    "datetime_from_date_parsing": _ENTER_DATETIME,
    "date_type": _ENTER_DATE,
    "date_parsing": _ENTER_DATE,
    "date_from_datetime_parsing": _ENTER_DATE,
    "date_from_datetime_inexact": _ENTER_DATE,
    "list_type": _("Enter a list."),
    "too_short": _("At least %(min_length)s items."),
    "too_long": _("At most %(max_length)s items."),
    "dict_type": _("Enter an object."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
}
_SOURCES = ("body", "query", "path", "form", "file", "payload", "header", "cookie")


def pydantic_message(error: Mapping[str, Any]) -> Any:
    """A pydantic error as a message in both languages (lazy), its parameters filled in."""
    template = PYDANTIC_MESSAGES.get(error.get("type", ""), _("Enter a valid value."))
    context = error.get("ctx") or {}
    if not set(re.findall(r"%\((\w+)\)s", str(template))) <= set(context):
        return _("Enter a valid value.")
    return lazy_message(template, **context)


def validation_failure(errors: list[dict[str, Any]]) -> DomainError:
    """422 naming the fields; a path that names no record (`/work-orders/abc`, an id past the
    column) is 404 as any record you cannot see."""
    if errors and all(list(e.get("loc", []))[:1] == ["path"] for e in errors):
        return NotFound(_("No such record."))
    fields: dict[str, Any] = {}
    for err in errors:
        loc = [str(x) for x in err.get("loc", []) if x not in _SOURCES]
        fields[".".join(loc) or "body"] = pydantic_message(err)
    return Invalid(_("Check the highlighted fields."), fields=fields)


def ninja_failure(status: int) -> DomainError | None:
    """Ninja's own answers (English, without a code) in the envelope: a body that cannot be
    parsed, a throttle."""
    if status == 400:
        message = _("The request body cannot be read: send valid JSON.")
        return Malformed(message, fields={"body": message})
    if status == 429:
        return RateLimited(_("Too many requests; try again later."))
    return None


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, error_body(exc), status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        failure = validation_failure(exc.errors)
        return api.create_response(request, error_body(failure), status=failure.status_code)

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
        failure = ninja_failure(exc.status_code)
        if failure is not None:
            return api.create_response(request, error_body(failure), status=exc.status_code)
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
        raise field_error("cursor", _("Invalid cursor.")) from None


class RowBefore(Func):
    """`(a, b) < (x, y)`: a row comparison the database can use as an index range on
    (…, a DESC, b DESC), where `a < x OR (a = x AND b < y)` is only a filter over every row of
    the scope (issue 8: a page a year back walked 750,947 rows)."""

    output_field = BooleanField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        parts: list[str] = []
        params: list[Any] = []
        for expression in self.get_source_expressions():
            sql, values = compiler.compile(expression)
            parts.append(sql)
            params.extend(values)
        return f"({parts[0]}, {parts[1]}) < ({parts[2]}, {parts[3]})", tuple(params)


def after_cursor(queryset: QuerySet[Any], cursor: str | None) -> QuerySet[Any]:
    """Rows after the cursor in (-created_at, -id) order."""
    position = decode_cursor(cursor)
    if position is None:
        return queryset
    created_at, last_id = position
    return queryset.filter(
        # The plain bound lets any planner start the index range; the row comparison is exact.
        RowBefore(
            F("created_at"),
            F("id"),
            Value(created_at, output_field=DateTimeField()),
            Value(last_id, output_field=BigIntegerField()),
        ),
        created_at__lte=created_at,
    )


def keyset_page(
    queryset: QuerySet[Any], cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    rows = list(after_cursor(queryset.order_by("-created_at", "-id"), cursor)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].created_at, rows[-1].id) if more and rows else None)
