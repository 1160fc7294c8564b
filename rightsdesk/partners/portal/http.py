"""The gate in front of every portal page, and the request after it.

`partner_required` lets through only a signed-in, two-factor-verified, active user of role
`partner` who signs in for an organisation and whose session's key vault opens: the same checks as
`staff_required` (rightsdesk.accounts.decorators), the other way round. A team member gets the
plain 404 of an address that does not exist (the portal is not theirs, and tells them nothing);
anyone not signed in goes to the sign-in page, which brings a partner back to the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import signed_in_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.partners.models import Partner
from rightsdesk.partners.selectors import partner_of

View = Callable[..., HttpResponseBase]


def partner_required(view: View) -> View:
    """Signed in, verified, active, vault open (`signed_in_required`), then: role partner with an
    organisation, or 404."""

    @signed_in_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = staff_user(request)
        if user.role != User.Role.PARTNER or partner_of(user) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def partner_user(request: HttpRequest) -> tuple[User, Partner]:
    """The partner user of a request that passed `partner_required`, and their organisation."""
    user = staff_user(request)
    partner = partner_of(user)
    if partner is None:
        raise Http404
    return user, partner


def private_key(request: HttpRequest) -> PrivateKey:
    """The user's private key from the session vault (`partner_required` checked it opens)."""
    key = unlocked_key(request)
    if key is None:
        raise Http404
    return key  # type: ignore[no-any-return]  # the session store's vault holds a PrivateKey
