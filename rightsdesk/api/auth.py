"""Bearer tokens for the API: reporter inbox tokens and staff tokens.

Reporter tokens are inbox sessions (rightsdesk.intake.inbox); staff tokens are `ApiToken` rows.
Both store only a digest of the token and a key sealed under it (rightsdesk.core.tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from nacl.public import PrivateKey

from rightsdesk.accounts.models import ApiToken, User
from rightsdesk.core.tokens import new_token, open_for_token, seal_for_token, token_digest

PURPOSE = b"api-token"


def bearer(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 100:
        return ""
    return token.strip()


@dataclass(frozen=True)
class StaffCredentials:
    user: User
    key: PrivateKey


def staff_token_issue(user: User, key: PrivateKey) -> str:
    token = new_token()
    ApiToken.objects.filter(expires_at__lte=timezone.now()).delete()
    ApiToken.objects.create(
        token_digest=token_digest(token),
        user=user,
        sealed_key=seal_for_token(token, PURPOSE, bytes(key)),
        expires_at=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE),
    )
    return token


def staff_token_resolve(token: str) -> StaffCredentials | None:
    if not token:
        return None
    row = (
        ApiToken.objects.filter(token_digest=token_digest(token), expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    raw = open_for_token(token, PURPOSE, bytes(row.sealed_key))
    if raw is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    return StaffCredentials(user=row.user, key=PrivateKey(raw))
