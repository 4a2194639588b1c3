"""The shape every order-page action shares, for staff and customers alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from aftersales.workorders.models import WorkOrder

OrderAction = Callable[[HttpRequest, WorkOrder], HttpResponse]


def order_action(
    *,
    guard: Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]],
    page: str,
    key: str,
    lookup: Callable[[Any, Any], WorkOrder],
) -> Callable[[OrderAction], Callable[..., HttpResponse]]:
    """A POST acting on one visible order, found by the URL's `key` through `lookup` (scoped).
    A GET of its address (a reload after a refused upload, which is not boosted) lands on the
    order `page`."""

    def decorator(view: OrderAction) -> Callable[..., HttpResponse]:
        @guard
        @wraps(view)
        def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            value = kwargs[key]
            if request.method != "POST":
                return redirect(page, **{key: value})
            return view(request, lookup(request.user, value))

        return wrapped

    return decorator
