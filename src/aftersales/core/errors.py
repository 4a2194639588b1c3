"""Domain errors: values the user can act on, mapped once to HTTP codes and form errors."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise, lazy


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: Any, *, fields: dict[str, Any] | None = None, **data: Any):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}
        self.data = data

    def describe(self) -> str:
        """The message and any field messages that add to it, for a flash message."""
        extra = [str(v) for v in self.fields.values() if str(v) != str(self.message)]
        return " ".join([str(self.message), *extra])


class Invalid(DomainError):
    """Bad input; `fields` maps a field name to its message."""

    status_code = 422
    code = "invalid"


class NotFound(DomainError):
    """Missing, or not visible to this user (never confirm that another org's record exists)."""

    status_code = 404
    code = "not_found"


class Malformed(DomainError):
    """A request that cannot be read at all (a body that is not JSON)."""

    status_code = 400
    code = "malformed"


class Unauthenticated(DomainError):
    """No valid credentials for this endpoint (a webhook's shared token, say)."""

    status_code = 401
    code = "unauthenticated"


class NotAllowed(DomainError):
    status_code = 403
    code = "not_allowed"


class Conflict(DomainError):
    """The record's current state forbids the action, or someone else changed it first."""

    status_code = 409
    code = "conflict"


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"


def field_error(field: str, message: Any, *, error: type[DomainError] = Invalid) -> DomainError:
    """Bad input in one field: the same message as the error and as the field's message."""
    return error(message, fields={field: message})


def _interpolate(template: Any, params: dict[str, Any]) -> str:
    return str(template) % {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def lazy_message(template: Any, **params: Any) -> Any:
    """`template % params`, translated when rendered. `_("…%(x)s…") % {…}` translates at once,
    into the current language only, while an API error answers in both (message_zh,
    message_en): messages with parameters are built with this."""
    return _lazy_interpolate(template, params)
