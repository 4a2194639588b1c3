"""What the settlement pages share: who may open them, and a refusal shown where it happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from aftersales.core.access import may
from aftersales.core.errors import DomainError


def readers_only(request: HttpRequest) -> None:
    if not may(request.user, "settlement:view"):
        raise Http404  # the settlement pages do not exist for other roles


def ids_of(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 19]


def act(request: HttpRequest, back: str, call: Callable[[], Any], done: str) -> HttpResponse:
    """Run a service; say what happened, or why not, on the page it came from (or on the page
    the call names, when it returns a path: the shipment it made, say)."""
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, exc.describe())
        return redirect(back)
    messages.success(request, done)
    return redirect(result if isinstance(result, str) else back)
