"""Staff sign-in: a staff token that carries the user's private key, sealed under the token."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from rightsdesk.accounts import services as accounts
from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_token_issue
from rightsdesk.api.errors import ApiError, errors
from rightsdesk.api.parsing import Json, LenientIn, doc

router = Router(tags=["staff"], by_alias=True)


class StaffLoginIn(LenientIn):
    username: str = doc(maxLength=150)
    password: str
    otp: str = doc(maxLength=12, description="the code from the authenticator app")


@router.post(
    "/staff/login",
    response={200: shapes.Token, **errors(400, 401, 415, 429)},
    operation_id="staffLogin",
    summary="Sign in; throttled per account like the web login",
)
def staff_login(request: HttpRequest, body: Annotated[StaffLoginIn, Json()]) -> shapes.Token:
    if len(body.username) > 150 or len(body.otp) > 12:
        raise ApiError("login_failed", accounts.LOGIN_FAILED, 401)
    try:
        unlocked = accounts.staff_login(
            username=body.username, password=body.password, otp=body.otp
        )
    except accounts.LoginThrottled as throttled:
        raise ApiError("throttled", throttled.message, 429) from None
    except accounts.AccountError as failed:
        raise ApiError("login_failed", failed.message, 401) from None
    token = staff_token_issue(unlocked.user, unlocked.private_key)
    return shapes.Token(token=token, expires_in=settings.SESSION_COOKIE_AGE)
