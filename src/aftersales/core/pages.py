"""Page access: a page of another audience does not exist for this user (404, never 403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from aftersales.core.access import principal_for
from aftersales.core.errors import NotFound


def _requiring(test: Callable[[Any], bool]) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(principal_for(request.user)):
                raise Http404  # pages of another audience do not exist for this user
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(str(exc.message)) from exc

        return wrapped

    return decorator


staff_required = _requiring(lambda p: p.is_superuser or p.is_staff_member)
customer_required = _requiring(lambda p: p.is_customer)
