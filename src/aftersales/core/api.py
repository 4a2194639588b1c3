from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.throttling import AnonRateThrottle

from aftersales.core.api_support import ErrorOut
from aftersales.core.ratelimit import client_address
from aftersales.core.tokens import api_token_create

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    name: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime | None
    username: str


@router.post(
    "/tokens",
    auth=None,
    response={201: TokenOut, 422: ErrorOut, 429: ErrorOut},
    operation_id="create_token",
    throttle=[AnonRateThrottle("60/m")],
)
def create_token(request: HttpRequest, payload: TokenIn):
    """Exchange a username and password for a bearer token (shown once; valid 30 days)."""
    token, raw = api_token_create(
        username=payload.username,
        password=payload.password,
        client=client_address(request),
        name=payload.name,
    )
    return 201, {"token": raw, "expires_at": token.expires_at, "username": token.user.username}
