"""Handlers' writes on a grievance: open it (audited), move it along the procedure, write to the
person, give a colleague access, declare a conflict, record what was learned.

Every function is atomic and writes its audit entry in the same transaction; refusals are
`Refused` subclasses raised before anything is written. Functions that need the grievance key
take it: the caller got it through `access.access_grievance` and `access.unlock_grievance`.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.grievances import content as sealed
from rightsdesk.grievances import stages
from rightsdesk.grievances.filing import wrap_to
from rightsdesk.grievances.follow import post_message
from rightsdesk.grievances.models import Grievance, GrievanceMessage, GrievanceWrap, Move, Recusal
from rightsdesk.grievances.opened import OpenedGrievance, open_all
from rightsdesk.grievances.selectors import handlers, recused_ids
from rightsdesk.grievances.vocabulary import ENDING_OUTCOMES, Learning, Stage

LEARNING_REF = re.compile(r"^[A-Z]{2,8}(-[0-9A-Z]{1,8}){1,2}$")


class GrievanceRefused(Refused):
    """A handler's request the procedure does not allow; nothing was changed."""


class GrievanceStale(Refused):
    """Someone moved the grievance since the page was loaded; nothing was changed."""

    status = 409
    code = "stale"
    keeps_input = False


def audit_grievance(actor: User | None, action: str, grievance: Grievance) -> None:
    audit_record(
        actor=actor_label(actor, system="grievances"),
        action=action,
        target_type="grievance",
        target_id=grievance.number,
    )


def grievance_open(*, grievance: Grievance, key: PrivateKey, actor: User) -> OpenedGrievance:
    """Decrypt the grievance for a handler or reviewer and record the read. Call after the gate."""
    opened = open_all(grievance, key)
    audit_grievance(actor, "grievance.open", grievance)
    return opened


def _remedies_ready(grievance: Grievance, target: str) -> None:
    remedies = grievance.remedies.all()
    if target == Stage.REMEDY and not remedies.exists():
        raise GrievanceRefused(_("Add at least one remedy before carrying remedies out."))
    if target == Stage.MONITORING and remedies.filter(done_at__isnull=True).exists():
        raise GrievanceRefused(
            _("Every remedy must be carried out, with evidence, before monitoring.")
        )


def apply_move(grievance: Grievance, move: stages.Move, now: datetime) -> None:
    """Set the grievance's stage, clock and outcome fields for an allowed move."""
    target = Stage(move.target)
    if stages.is_backward(grievance.stage, target):
        reached = stages.index(target)
        if reached <= stages.index(Stage.ELIGIBILITY):
            grievance.eligibility = ""
        if reached <= stages.index(Stage.ASSESSMENT):
            grievance.track = ""
        if reached <= stages.index(Stage.RESOLUTION):
            grievance.decision = ""
        grievance.closed_at = None
    elif grievance.stage == Stage.ELIGIBILITY:
        grievance.eligibility = move.outcome
    elif grievance.stage == Stage.ASSESSMENT:
        grievance.track = move.outcome
    elif grievance.stage == Stage.RESOLUTION:
        grievance.decision = move.outcome
    if move.outcome in ENDING_OUTCOMES or target == Stage.DECISION:
        grievance.decided_at = now
    if target == Stage.CLOSED:
        grievance.closed_at = now
    grievance.stage = target
    grievance.stage_started_at = now
    grievance.stage_due = stages.stage_due(target, now)
    grievance.escalation_level = 0
    grievance.version += 1


def record_move(locked: Grievance, move: stages.Move, actor: User | None, now: datetime) -> Move:
    """Write an allowed move: its row (the reason sealed, for the person's history) and the
    grievance's new stage and clock. Call inside the transaction that locked `locked`, after the
    move was judged (`stages.check_move`, or an appeal's finding); the caller audits it."""
    on_time = None if locked.stage_due is None else now <= locked.stage_due
    seq = (locked.moves.aggregate(m=Max("seq"))["m"] or 0) + 1
    uid = str(uuid.uuid4())
    row = Move.objects.create(
        uid=uid,
        grievance=locked,
        seq=seq,
        from_stage=locked.stage,
        to_stage=move.target,
        outcome=move.outcome,
        at=now,
        actor=actor,
        on_time=on_time,
        body=sealed.seal_text(
            move.reason.strip(), bytes(locked.public_key), table="move", row=uid, field="reason"
        ),
    )
    apply_move(locked, move, now)
    locked.save()
    return row


def grievance_move(
    *,
    grievance: Grievance,
    move: stages.Move,
    from_stage: str,
    actor: User | None,
    now: datetime | None = None,
) -> Move:
    """Move the grievance one stage along the procedure (or back, with a reason).

    `from_stage` is the stage the handler saw: if it changed meanwhile the move is refused as
    stale. The reason is sealed to the grievance and shown to the person on their follow page,
    which is how they are told of every move. Call after the gate.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
        if locked.stage != from_stage:
            raise GrievanceStale(
                _("Someone moved this grievance meanwhile. Here it is as it is now.")
            )
        stages.check_move(locked.stage, move)
        if not stages.is_backward(locked.stage, move.target):
            _remedies_ready(locked, move.target)
        row = record_move(locked, move, actor, now)
        audit_grievance(actor, f"grievance.move.{move.target}", locked)
    grievance.refresh_from_db()
    return row


def grievance_reply(*, grievance: Grievance, body: str, actor: User) -> GrievanceMessage:
    """A handler's message to the person, sealed to the grievance. Call after the gate."""
    with transaction.atomic():
        message = post_message(
            grievance=grievance,
            body=body,
            author=actor,
            direction=GrievanceMessage.Direction.FROM_TEAM,
        )
        audit_grievance(actor, "grievance.message.team", grievance)
    return message


def grievance_grant(*, grievance: Grievance, key: PrivateKey, actor: User, username: str) -> User:
    """Give another handler access. Refused for someone the grievance names or who declared a
    conflict (they must never read it), and for someone not allowed to handle grievances."""
    user = handlers().select_related("keyring").filter(username=username).first()
    if user is None:
        raise GrievanceRefused(_("There is no handler of grievances with that username."))
    with transaction.atomic():
        if user.pk in recused_ids(grievance):
            raise GrievanceRefused(
                _(
                    "%(name)s is named in this grievance or declared a conflict, and cannot "
                    "handle it."
                )
                % {"name": user.username}
            )
        wrap_to(grievance, key, user)
        audit_grievance(actor, "grievance.grant", grievance)
    return user


def grievance_recuse(*, grievance: Grievance, actor: User) -> None:
    """The actor declares a conflict of interest: their wrap is deleted and they are recused, so
    the gate answers them 404 from now on. Refused when nobody else could read it."""
    with transaction.atomic():
        others = (
            GrievanceWrap.objects.filter(grievance=grievance, kind=GrievanceWrap.Kind.USER)
            .exclude(user=actor)
            .exclude(user_id__in=recused_ids(grievance))
        )
        if not others.exists():
            raise GrievanceRefused(
                _(
                    "Nobody else can read this grievance yet: give a colleague access first, "
                    "then declare your conflict."
                )
            )
        Recusal.objects.get_or_create(
            grievance=grievance,
            user=actor,
            defaults={"kind": Recusal.Kind.CONFLICT, "on": timezone.now().date()},
        )
        GrievanceWrap.objects.filter(grievance=grievance, user=actor).delete()
        audit_grievance(actor, "grievance.recuse", grievance)


def grievance_learning(
    *, grievance: Grievance, actor: User, partner_advice: bool, learning: str, learning_ref: str
) -> None:
    """Record equity (a partner's advice) and learning (a link to a risk or a policy change by a
    short reference code; never a name). Call after the gate."""
    learning_ref = learning_ref.strip().upper()
    if learning not in Learning.values:
        raise GrievanceRefused(_("Choose what was learned from the list."))
    if learning and not LEARNING_REF.match(learning_ref):
        raise GrievanceRefused(
            _("A reference is a short code such as RISK-12 or POL-2026-3, never a name.")
        )
    with transaction.atomic():
        Grievance.objects.filter(pk=grievance.pk).update(
            partner_advice=partner_advice,
            learning=learning,
            learning_ref=learning_ref if learning else "",
        )
        audit_grievance(actor, "grievance.learning", grievance)
    grievance.refresh_from_db()


__all__ = [
    "GrievanceRefused",
    "GrievanceStale",
    "grievance_grant",
    "grievance_learning",
    "grievance_move",
    "grievance_open",
    "grievance_recuse",
    "grievance_reply",
]
