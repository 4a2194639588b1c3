from aftersales.core.access import principal_for


def principal(request):  # type: ignore[no-untyped-def]
    return {"principal": principal_for(getattr(request, "user", None))}
