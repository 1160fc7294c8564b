"""The loop after sending: the partner receives, accepts or declines, works, reports the outcome;
the team or the volunteer may end it; the clock expires it. Every step is a `ReferralUpdate`
(text sealed to the referral key) and an audit line under the case, which its timeline shows.

Ending a referral early (a decline, cancellation, withdrawal, expiry) takes the partner's access
away in the same transaction (`take_partner_access_away`).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.partners import keys
from rightsdesk.partners.models import Consent, Referral, ReferralUpdate
from rightsdesk.partners.selectors import partner_of
from rightsdesk.partners.services.common import (
    ReferralRefused,
    audit,
    check_move,
    record_move,
    take_partner_access_away,
)
from rightsdesk.partners.services.followup import referral_follow_up
from rightsdesk.partners.vocabulary import (
    CONSENT_TEXT_VERSION,
    DELIVERED,
    PARTNER_MOVES,
    TRANSITIONS,
    ConsentChannel,
    ConsentDecision,
    DeclineReason,
    Outcome,
    State,
)

UPDATE_MAX = 4000
# Ending early: the partner loses the packet.
_ENDS_ACCESS = frozenset({State.DECLINED, State.CANCELLED, State.WITHDRAWN, State.EXPIRED})


def _seal(referral: Referral, text: str, uid: uuid.UUID) -> bytes:
    if len(text) > UPDATE_MAX:
        raise ReferralRefused(_("Write at most %(max)d characters.") % {"max": UPDATE_MAX})
    if not referral.public_key:
        return b""
    return keys.seal_update(text.strip(), bytes(referral.public_key), str(uid))


def _after(locked: Referral, to_state: str, now: datetime) -> None:
    """The clock and the loop's times for the state `locked` is entering."""
    hours = locked.partner.response_hours
    if to_state == State.ACCEPTED:
        locked.accepted_at = now
        # First contact with the volunteer is due within the same committed time.
        locked.due_at, locked.escalated = now + timedelta(hours=hours), False
    elif to_state == State.RECEIVED:
        pass  # still due to accept by the time set when it was sent
    elif to_state == State.IN_PROGRESS:
        locked.due_at, locked.escalated = None, False
    if to_state in _ENDS_ACCESS or to_state in (State.COMPLETED, State.FAILED):
        locked.closed_at, locked.due_at = now, None
    if to_state in _ENDS_ACCESS:
        take_partner_access_away(locked)


def partner_move(
    *,
    referral: Referral,
    actor: User,
    to_state: str,
    note: str,
    now: datetime,
    version: int | None,
    reason: str = "",
    outcome: str = "",
) -> None:
    """A partner user moves a referral made to their organisation. Call after the referral's gate.
    A decline needs a reason code, the end (completed, failed) an outcome code."""
    partner = partner_of(actor)
    if partner is None or partner.pk != referral.partner_id:
        raise ReferralRefused(_("Only the organisation the referral was made to can do this."))
    if to_state not in PARTNER_MOVES:
        raise ReferralRefused(_("That is not a step your organisation can take."))
    if to_state == State.DECLINED and reason not in DeclineReason.values:
        raise ReferralRefused(_("Choose why you decline."))
    if to_state in (State.COMPLETED, State.FAILED) and outcome not in Outcome.values:
        raise ReferralRefused(_("Choose the outcome."))
    _move(
        referral,
        to_state,
        actor=actor,
        note=note,
        now=now,
        version=version,
        reason=reason,
        outcome=outcome,
        from_partner=True,
    )


def remote_report(
    *, code: str, to_state: str, outcome: str, reason: str, note: str, now: datetime
) -> Referral:
    """A partner without accounts reports back with the one-time code that came with its OpenPGP
    packet. A wrong or spent code and an unknown one are refused alike."""
    refused = ReferralRefused(_("This code is not valid, or was already used."))
    if not code.strip() or len(code) > 64:
        raise refused
    referral = (
        Referral.objects.filter(remote=True, remote_code_digest=keys.code_digest(code.strip()))
        .select_related("partner")
        .first()
    )
    if referral is None or to_state not in PARTNER_MOVES:
        raise refused
    if to_state == State.DECLINED and reason not in DeclineReason.values:
        raise ReferralRefused(_("Choose why you decline."))
    if to_state in (State.COMPLETED, State.FAILED) and outcome not in Outcome.values:
        raise ReferralRefused(_("Choose the outcome."))
    _move(
        referral,
        to_state,
        actor=None,
        note=note,
        now=now,
        version=None,
        reason=reason,
        outcome=outcome,
        from_partner=True,
        system="partner-code",
    )
    if to_state in (State.COMPLETED, State.FAILED, State.DECLINED):
        Referral.objects.filter(pk=referral.pk).update(remote_code_digest="")
    return referral


def _move(
    referral: Referral,
    to_state: str,
    *,
    actor: User | None,
    note: str,
    now: datetime,
    version: int | None,
    reason: str = "",
    outcome: str = "",
    from_partner: bool = False,
    system: str = "",
) -> None:
    uid = uuid.uuid4()
    with write_transaction():
        locked = (
            Referral.objects.select_for_update()
            .select_related("case", "partner")
            .get(pk=referral.pk)
        )
        check_move(locked, to_state, version)
        body = _seal(locked, note, uid)
        if reason:
            locked.decline_reason = reason
        if outcome:
            locked.outcome = outcome
        _after(locked, to_state, now)
        record_move(
            locked, to_state, at=now, author=actor, from_partner=from_partner, body=body, uid=uid
        )
        audit(locked, to_state, actor, system=system)
        if to_state in (State.COMPLETED, State.FAILED):
            transaction.on_commit(lambda: _follow_up(locked.pk))


def _follow_up(referral_pk: int) -> None:
    """After the partner reports the outcome, the volunteer gets the team's "follow-up after a
    referral" text in their inbox (rightsdesk.partners.services.followup)."""
    referral_follow_up(referral_pk)


def update_post(*, referral: Referral, actor: User, note: str, now: datetime) -> None:
    """A partner user or a team member adds a note to the loop (no move). Call after the gate."""
    if not note.strip():
        raise ReferralRefused(_("Write the update first."))
    from_partner = not actor.is_team
    if from_partner:
        partner = partner_of(actor)
        if partner is None or partner.pk != referral.partner_id:
            raise ReferralRefused(_("Only the organisation the referral was made to can do this."))
    uid = uuid.uuid4()
    with write_transaction():
        locked = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        if locked.state not in DELIVERED:
            raise ReferralRefused(_("Updates can be posted only while the referral is open."))
        body = _seal(locked, note, uid)
        update = ReferralUpdate(
            uid=uid, referral=locked, author=actor, from_partner=from_partner, state="", at=now
        )
        update.body = body
        update.save()
        audit(locked, "update", actor)


def referral_cancel(*, referral: Referral, actor: User, now: datetime, version: int) -> None:
    """The team revokes a referral: the partner's access is deleted at once."""
    if not actor.is_team:
        raise ReferralRefused(_("Only the team can cancel a referral."))
    _move(referral, State.CANCELLED, actor=actor, note="", now=now, version=version)


def consent_withdraw(
    *,
    referral: Referral,
    language: str,
    now: datetime,
    channel: str = ConsentChannel.INBOX,
    recorded_by: User | None = None,
    version: int | None = None,
) -> None:
    """The volunteer takes their consent back: a ledger row, and the partner's wraps, packet and
    files are deleted in the same transaction. Refused once the referral has ended, and as stale
    when `version` (the referral's as the recorder saw it) is not the current one."""
    if (recorded_by is None) != (channel == ConsentChannel.INBOX):
        raise ReferralRefused(_("Say how the volunteer gave their answer."))
    with write_transaction():
        locked = (
            Referral.objects.select_for_update()
            .select_related("case", "partner")
            .get(pk=referral.pk)
        )
        if locked.state not in DELIVERED:
            raise ReferralRefused(
                _("There is nothing to withdraw: this referral is “%(state)s”.")
                % {"state": locked.get_state_display()}
            )
        check_move(locked, State.WITHDRAWN, version)
        Consent.objects.create(
            referral=locked,
            partner=locked.partner,
            decision=ConsentDecision.WITHDRAWN,
            pieces=list(locked.consented),
            until=locked.until,
            text_version=CONSENT_TEXT_VERSION,
            language=language[:12],
            channel=channel,
            recorded_by=recorded_by,
            on=now.date(),
        )
        _after(locked, State.WITHDRAWN, now)
        record_move(locked, State.WITHDRAWN, at=now, author=recorded_by)
        audit(locked, "consent.withdrawn", recorded_by)


def referral_expire(*, referral: Referral, now: datetime) -> bool:
    """The clock ends a referral whose consent ran out (`until` passed). False when it has moved
    on meanwhile."""
    with write_transaction():
        locked = (
            Referral.objects.select_for_update()
            .select_related("case", "partner")
            .get(pk=referral.pk)
        )
        if State.EXPIRED not in _allowed(locked) or locked.until >= now.date():
            return False
        _after(locked, State.EXPIRED, now)
        record_move(locked, State.EXPIRED, at=now, author=None)
        audit(locked, "expired", None, system="referrals")
    return True


def _allowed(referral: Referral) -> frozenset[str]:
    return TRANSITIONS[referral.state]
