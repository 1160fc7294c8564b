"""Bearer tokens for the API: reporter inbox tokens and staff tokens.

Reporter tokens are inbox sessions (rightsdesk.intake.inbox); staff tokens are `ApiToken` rows.
Both store only a digest of the token and a key sealed under it (rightsdesk.core.tokens).

`StaffToken` and `ReporterToken` are ninja auth callables: an operation with `auth=staff_token`
runs only with a live staff token and finds the credentials with `staff_of(request)`. Only the
`Authorization` header is read: no cookie ever authenticates an API call, so ninja's views being
exempt from CSRF cannot be abused by another site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from nacl.public import PrivateKey
from ninja.security import HttpBearer

from rightsdesk.accounts.models import ApiToken, User
from rightsdesk.cases.access import access_case
from rightsdesk.cases.models import Case
from rightsdesk.core.tokens import new_token, open_for_token, seal_for_token, token_digest
from rightsdesk.grievances.follow import Follow, follow_resume
from rightsdesk.intake.inbox import Inbox, inbox_resume

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


class _Bearer(HttpBearer):
    """`Authorization: Bearer <token>` read by `bearer` (at most 100 characters; ninja's own
    reader would log a malformed header, token and all, when DEBUG is on)."""

    def __call__(self, request: HttpRequest) -> object | None:
        token = bearer(request)
        return self.authenticate(request, token) if token else None


class StaffToken(_Bearer):
    """A team member's token: the user and their private key (see `staff_of`). A partner
    organisation's token is not one: every staff operation answers it 401, whatever it names."""

    def authenticate(self, request: HttpRequest, token: str) -> StaffCredentials | None:
        credentials = staff_token_resolve(token)
        return credentials if credentials and credentials.user.is_team else None


class PartnerToken(_Bearer):
    """A partner organisation user's token (rightsdesk.partners): only the partner operations
    accept it, and a team member's token is not one."""

    def authenticate(self, request: HttpRequest, token: str) -> StaffCredentials | None:
        credentials = staff_token_resolve(token)
        return credentials if credentials and credentials.user.role == User.Role.PARTNER else None


class ReporterToken(_Bearer):
    """A reporter's inbox token: their case and its key (see `inbox_of`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Inbox | None:
        return inbox_resume(token)


class GrievanceToken(_Bearer):
    """The token a grievance's receipt gives (rightsdesk.grievances.follow): that grievance and
    its key (see `follow_of`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Follow | None:
        return follow_resume(token)


staff_token = StaffToken()
partner_token = PartnerToken()
reporter_token = ReporterToken()
grievance_token = GrievanceToken()


def staff_of(request: HttpRequest) -> StaffCredentials:
    """The credentials `StaffToken` found; only operations declared with `auth=staff_token`."""
    credentials = getattr(request, "auth", None)
    if not isinstance(credentials, StaffCredentials):
        raise TypeError("the operation does not require a staff token")
    return credentials


def staff_case(request: HttpRequest, number: str) -> tuple[StaffCredentials, Case]:
    """The staff credentials and case `number` through the access gate (`access_case`): every
    staff operation on one case starts here, so the gate is structural for the API as for the
    pages. Missing and forbidden raise the same Http404."""
    staff = staff_of(request)
    return staff, access_case(staff.user, number)


def inbox_of(request: HttpRequest) -> Inbox:
    """The inbox `ReporterToken` opened; only operations declared with `auth=reporter_token`."""
    inbox = getattr(request, "auth", None)
    if not isinstance(inbox, Inbox):
        raise TypeError("the operation does not require a reporter token")
    return inbox


def follow_of(request: HttpRequest) -> Follow:
    """The grievance `GrievanceToken` opened; only operations declared with
    `auth=grievance_token`."""
    follow = getattr(request, "auth", None)
    if not isinstance(follow, Follow):
        raise TypeError("the operation does not require a grievance token")
    return follow
