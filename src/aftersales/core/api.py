from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.throttling import AnonRateThrottle

from aftersales.core.access import acting_user
from aftersales.core.api_support import ERROR_RESPONSES, ErrorOut, Id
from aftersales.core.ratelimit import client_address
from aftersales.core.tokens import api_token_create, api_token_revoke, api_tokens_for

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
    response={201: TokenOut, **ERROR_RESPONSES, 429: ErrorOut},
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


class TokenSummaryOut(Schema):
    id: int
    prefix: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


@router.get(
    "/tokens",
    response={200: list[TokenSummaryOut], **ERROR_RESPONSES},
    operation_id="list_tokens",
)
def list_tokens(request: HttpRequest):
    """Your own API tokens (never their value: only the first characters, to recognise them)."""
    return 200, list(api_tokens_for(user=acting_user(request)))


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **ERROR_RESPONSES},
    operation_id="revoke_token",
)
def revoke_token(request: HttpRequest, token_id: Id):
    """Revoke one of your tokens at once; another person's token answers 404."""
    api_token_revoke(token_id=token_id, actor=acting_user(request))
    return 204, None
