from aftersales.core.access import principal_for


def principal(request):
    return {"principal": principal_for(getattr(request, "user", None))}
