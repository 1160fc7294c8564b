"""The gate in front of every staff page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import AdminOnly, require_admin

View = Callable[..., HttpResponseBase]


def unlocked_key(request: HttpRequest) -> Any:
    """The signed-in user's private key from the session vault, or None."""
    getter = getattr(request.session, "private_key", None)
    return getter() if getter else None


def staff_user(request: HttpRequest) -> User:
    """The signed-in staff user of a request that passed `staff_required`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def admin_user(request: HttpRequest) -> User:
    """The signed-in admin of a request that passed `staff_required`; anyone else gets the one
    admin refusal (`AdminOnly`), which `staff_required` answers with the same 403 page."""
    user = staff_user(request)
    require_admin(user)
    return user


def _signed_in(view: View, *, team_only: bool) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        if not (user.is_authenticated and user.is_active and verified):
            return redirect("accounts:login")
        if unlocked_key(request) is None:
            logout(request)
            return redirect("accounts:login")
        if team_only and not getattr(user, "is_team", False):
            raise Http404
        # Times on staff pages are shown in the person's own zone (User.time_zone).
        with timezone.override(getattr(user, "zone", None)):
            try:
                return view(request, *args, **kwargs)
            except AdminOnly as refused:
                # One answer for every admin-only page and action, whoever raised it.
                return render(
                    request, "core/admin_only.html", {"message": refused.message}, status=403
                )

    return wrapped


def staff_required(view: View) -> View:
    """Allow only a signed-in, two-factor-verified, active team member whose key vault opens.

    A session whose vault no longer opens (server key rotated, cookie tampered) is ended rather
    than left half-working. The view runs in the user's own time zone. A partner organisation's
    user (`User.Role.PARTNER`) gets the plain 404 of an address that does not exist, so the staff
    side tells a partner nothing about what is behind it.
    """
    return _signed_in(view, team_only=True)


def signed_in_required(view: View) -> View:
    """`staff_required` for pages every signed-in person has, partners included (their own
    password). Partner portal pages use `rightsdesk.partners.portal.partner_required`."""
    return _signed_in(view, team_only=False)
