"""The one admin policy: who counts as an admin, and the refusal everyone else gets.

Services that only admins may use (saving reply templates and playbooks, keeping the rota) call
`require_admin(actor)` themselves, so no caller can forget the check; views and the API answer the
refusal the same way everywhere (`AdminOnly.status`), through `staff_required` and the API's error
handler. A handler who opens an admin page is told it is for admins rather than shown a page that
pretends not to exist: the address is no secret (it is in the source), the content is.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.core.refusals import Refused


class AdminOnly(Refused):
    """Only an admin may do this; answered 403 ("admin_only") by pages and API alike."""

    status = 403
    code = "admin_only"


def is_admin(user: User) -> bool:
    """An active user with the admin role."""
    return user.is_active and user.role == User.Role.ADMIN


def require_admin(user: User) -> None:
    """Raise `AdminOnly` unless `user` is an active admin."""
    if not is_admin(user):
        raise AdminOnly(_("This is for admins only. Ask an admin of your team."))
