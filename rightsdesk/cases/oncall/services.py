"""Writes of the rota: admins add and remove shifts; everyone sets their own time zone (audited)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import OnCallShift
from rightsdesk.cases.oncall.selectors import LEAD, ON_CALL
from rightsdesk.cases.oncall.workhours import known_zones
from rightsdesk.core.refusals import Refused

MAX_SHIFT = timedelta(days=7)


class RotaRefused(Refused):
    """A refused rota edit; nothing was saved. The message is translated and safe to show."""


def shift_add(
    *, person: User, role: str, starts_at: datetime, ends_at: datetime, actor: User
) -> OnCallShift:
    """Put `person` on the rota. Raises AdminOnly (not an admin) or RotaRefused."""
    require_admin(actor)
    if role not in (ON_CALL, LEAD):
        raise RotaRefused(_("Choose on-call handler or on-call lead."))
    if ends_at <= starts_at:
        raise RotaRefused(_("A shift must end after it starts."))
    if ends_at - starts_at > MAX_SHIFT:
        raise RotaRefused(_("A shift can last at most 7 days. Add several shifts instead."))
    if not person.is_active:
        raise RotaRefused(
            _("%(name)s is not active: choose an active team member.") % {"name": person.username}
        )
    if not person.is_team:  # a partner organisation's user is never paged about cases
        raise RotaRefused(_("Choose a team member from the list."))
    with transaction.atomic():
        shift = OnCallShift.objects.create(
            user=person, role=role, starts_at=starts_at, ends_at=ends_at
        )
        audit_record(
            actor=actor_label(actor),
            action="rota.shift.add",
            target_type="shift",
            target_id=shift.pk,
        )
    return shift


def shift_remove(*, shift: OnCallShift, actor: User) -> None:
    """Take a shift off the rota. Raises AdminOnly when `actor` is not an admin."""
    require_admin(actor)
    with transaction.atomic():
        target = shift.pk
        shift.delete()
        audit_record(
            actor=actor_label(actor),
            action="rota.shift.remove",
            target_type="shift",
            target_id=target,
        )


def time_zone_set(*, user: User, zone: str, actor: User) -> None:
    """Set the zone `user`'s times are shown in: their own choice, or an admin's."""
    if actor.pk != user.pk:
        require_admin(actor)
    if zone not in known_zones():
        raise RotaRefused(_("Unknown time zone: choose one from the list, e.g. Europe/Berlin."))
    with transaction.atomic():
        user.time_zone = zone
        user.save(update_fields=["time_zone"])
        # The zone itself is left out of the log: where a person lives is not the log's business.
        audit_record(
            actor=actor_label(actor),
            action="account.time_zone",
            target_type="user",
            target_id=user.pk,
        )
