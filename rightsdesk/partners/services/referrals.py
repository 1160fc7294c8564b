"""Drafting a referral, the volunteer's consent, and the override without it; sending the packet
once consent is recorded is `services.sending`.

The packet is built only where the case key is at hand: in the volunteer's inbox when they agree,
or by a team member who reads the case (consent recorded from another channel, or the second
approval of a referral without consent). It holds the consented pieces and nothing else, sealed
to a fresh referral key wrapped to the partner's users and to the case (rightsdesk.partners.keys).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import may_read
from rightsdesk.core.db import write_transaction
from rightsdesk.partners import keys
from rightsdesk.partners.models import Consent, Partner, Referral
from rightsdesk.partners.services.common import (
    ReferralRefused,
    audit,
    check_move,
    check_version,
    eligibility_problem,
    record_move,
)
from rightsdesk.partners.services.sending import send_packet
from rightsdesk.partners.vocabulary import (
    CONSENT_TEXT_VERSION,
    ConsentChannel,
    ConsentDecision,
    Piece,
    State,
)

PURPOSE_MAX = 2000
SUMMARY_MAX = 8000
# How long a consent may last at most; the handler proposes the end, the volunteer sees it.
UNTIL_MAX_DAYS = 365
PIECES_MAX = 60
OVERRIDE_PERMISSION = "partners.override_consent"


def case_pieces(case: Case) -> set[str]:
    """Every piece of `case` a referral may name: the fixed ones, each message, each file."""
    names = set(Piece.values)
    names |= {f"message:{uid}" for uid in case.messages.values_list("uid", flat=True)}
    names |= {f"file:{uid}" for uid in case.attachments.values_list("uid", flat=True)}
    return names


def _check_pieces(case: Case, pieces: Sequence[str], summary: str) -> list[str]:
    chosen = list(dict.fromkeys(pieces))
    if not chosen:
        raise ReferralRefused(_("Choose at least one piece of the case to share."))
    if len(chosen) > PIECES_MAX:
        raise ReferralRefused(_("Choose at most %(max)d pieces.") % {"max": PIECES_MAX})
    unknown = set(chosen) - case_pieces(case)
    if unknown:
        raise ReferralRefused(_("Some of the chosen pieces are not part of this case."))
    if Piece.SUMMARY in chosen and not summary.strip():
        raise ReferralRefused(_("Write the summary, or do not choose it."))
    return chosen


def _draft_checks(
    *,
    case: Case,
    partner: Partner,
    service: str,
    pieces: Sequence[str],
    purpose: str,
    summary: str,
    until: date,
    now: datetime,
) -> list[str]:
    """What a draft must be (the chosen pieces, deduplicated), else ReferralRefused."""
    problem = eligibility_problem(partner, service, now.date())
    if problem:
        raise ReferralRefused(problem)
    if not purpose.strip() or len(purpose) > PURPOSE_MAX or len(summary) > SUMMARY_MAX:
        raise ReferralRefused(_("Say in a few words what the referral is for."))
    if not now.date() < until <= now.date() + timedelta(days=UNTIL_MAX_DAYS):
        raise ReferralRefused(
            _("The consent must end after today and within %(days)d days.")
            % {"days": UNTIL_MAX_DAYS}
        )
    return _check_pieces(case, pieces, summary)


def referral_draft(
    *,
    case: Case,
    actor: User,
    partner: Partner,
    service: str,
    pieces: Sequence[str],
    purpose: str,
    summary: str,
    until: date,
    now: datetime,
    ask: bool = True,
) -> Referral:
    """Draft a referral of `case` to `partner` and, with `ask`, put it in the volunteer's inbox.

    Call after the case's gate (`access_case`). Needs no case key: the texts are sealed to the
    case's public key. Refused (nothing written) for a partner that cannot receive it, unknown
    pieces, an empty purpose or an end date in the past or too far ahead.
    """
    chosen = _draft_checks(
        case=case,
        partner=partner,
        service=service,
        pieces=pieces,
        purpose=purpose,
        summary=summary,
        until=until,
        now=now,
    )
    uid = uuid.uuid4()
    with write_transaction():
        referral = Referral(
            uid=uid,
            case=case,
            partner=partner,
            service=service,
            pieces=chosen,
            until=until,
            drafted_by=actor,
            created_at=now,
            state_since=now,
        )
        referral.purpose = keys.seal_to_case(
            purpose.strip(), bytes(case.public_key), uid=str(uid), field="purpose"
        )
        referral.summary = keys.seal_to_case(
            summary.strip(), bytes(case.public_key), uid=str(uid), field="summary"
        )
        referral.save()
        record_move(referral, State.DRAFTED, at=now, author=actor)
        audit(referral, "draft", actor)
        if ask:
            record_move(referral, State.AWAITING_CONSENT, at=now, author=actor)
            audit(referral, "ask", actor)
    return referral


def referral_redraft(
    *,
    referral: Referral,
    actor: User,
    partner: Partner,
    service: str,
    pieces: Sequence[str],
    purpose: str,
    summary: str,
    until: date,
    now: datetime,
    version: int,
    ask: bool = True,
) -> Referral:
    """Change a saved draft (to whom, what for, which pieces, until when) and, with `ask`, put it
    in the volunteer's inbox. Only a draft: once asked, the volunteer may already have read it,
    so it is cancelled and drafted again instead. Call after the case's gate. Refused (nothing
    written) as `referral_draft` is, for a referral that is no longer a draft, and for a stale
    `version` (ReferralStale)."""
    chosen = _draft_checks(
        case=referral.case,
        partner=partner,
        service=service,
        pieces=pieces,
        purpose=purpose,
        summary=summary,
        until=until,
        now=now,
    )
    with write_transaction():
        locked = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        check_version(locked, version)
        if locked.state != State.DRAFTED:
            raise ReferralRefused(
                _("This referral is no longer a draft: cancel it and draft a new one.")
            )
        uid = str(locked.uid)
        public_key = bytes(locked.case.public_key)
        locked.partner = partner
        locked.service = service
        locked.pieces = chosen
        locked.until = until
        locked.purpose = keys.seal_to_case(purpose.strip(), public_key, uid=uid, field="purpose")
        locked.summary = keys.seal_to_case(summary.strip(), public_key, uid=uid, field="summary")
        locked.version += 1
        locked.save(
            update_fields=["partner", "service", "pieces", "until", "purpose", "summary", "version"]
        )
        audit(locked, "redraft", actor)
        if ask:
            record_move(locked, State.AWAITING_CONSENT, at=now, author=actor)
            audit(locked, "ask", actor)
    return locked


def referral_ask(*, referral: Referral, actor: User, now: datetime, version: int) -> None:
    """Put a drafted referral in the volunteer's inbox."""
    with write_transaction():
        locked = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        check_move(locked, State.AWAITING_CONSENT, version)
        record_move(locked, State.AWAITING_CONSENT, at=now, author=actor)
        audit(locked, "ask", actor)


def _ledger(
    referral: Referral,
    decision: str,
    *,
    pieces: Sequence[str],
    channel: str,
    language: str,
    recorded_by: User | None,
    approved_by: User | None = None,
    on: date,
) -> Consent:
    return Consent.objects.create(
        referral=referral,
        partner=referral.partner,
        decision=decision,
        pieces=list(pieces),
        until=referral.until,
        text_version=CONSENT_TEXT_VERSION,
        language=language[:12],
        channel=channel,
        recorded_by=recorded_by,
        approved_by=approved_by,
        on=on,
    )


def _recorder_check(referral: Referral, recorded_by: User | None, channel: str) -> None:
    if recorded_by is None:
        if channel != ConsentChannel.INBOX:
            raise ReferralRefused(_("Only the volunteer decides in their inbox."))
        return
    if channel in (ConsentChannel.INBOX, ConsentChannel.OVERRIDE):
        raise ReferralRefused(_("Say how the volunteer gave their answer."))
    if not may_read(recorded_by, referral.case):
        raise ReferralRefused(_("Only someone who reads the case can record the answer."))


def consent_give(
    *,
    referral: Referral,
    case_key: PrivateKey,
    pieces: Sequence[str],
    language: str,
    now: datetime,
    channel: str = ConsentChannel.INBOX,
    recorded_by: User | None = None,
    version: int | None = None,
) -> None:
    """The volunteer agrees to send `pieces` (a subset of those proposed): one ledger row, then
    the packet goes at once. From the inbox (`recorded_by` None) or recorded by a team member
    who heard it on another `channel`. Refused: consent given twice, after a decline or
    withdrawal, a piece that was not proposed, or a partner that can no longer receive it."""
    _recorder_check(referral, recorded_by, channel)
    with write_transaction():
        locked = (
            Referral.objects.select_for_update()
            .select_related("case", "partner")
            .get(pk=referral.pk)
        )
        if locked.state != State.AWAITING_CONSENT:
            raise ReferralRefused(
                _("This referral is not waiting for an answer any more (it is “%(state)s”).")
                % {"state": locked.get_state_display()}
            )
        check_move(locked, State.SENT, version)
        chosen = list(dict.fromkeys(pieces))
        if not chosen:
            raise ReferralRefused(_("Choose at least one piece to share, or decline."))
        if not set(chosen) <= set(locked.pieces):
            raise ReferralRefused(_("Only what the team proposed can be shared."))
        _ledger(
            locked,
            ConsentDecision.AGREED,
            pieces=chosen,
            channel=channel,
            language=language,
            recorded_by=recorded_by,
            on=now.date(),
        )
        audit(locked, "consent.agreed", recorded_by)
        send_packet(locked, case_key, chosen, now=now, actor=recorded_by)


def consent_decline(
    *,
    referral: Referral,
    language: str,
    now: datetime,
    channel: str = ConsentChannel.INBOX,
    recorded_by: User | None = None,
    version: int | None = None,
) -> None:
    """The volunteer says no: a ledger row, the referral ends as withdrawn, nothing was sent.
    `version`: the referral's as the recorder saw it (refused as stale when it moved since)."""
    _recorder_check(referral, recorded_by, channel)
    with write_transaction():
        locked = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        if locked.state != State.AWAITING_CONSENT:
            raise ReferralRefused(
                _("This referral is not waiting for an answer any more (it is “%(state)s”).")
                % {"state": locked.get_state_display()}
            )
        check_move(locked, State.WITHDRAWN, version)
        _ledger(
            locked,
            ConsentDecision.DECLINED,
            pieces=[],
            channel=channel,
            language=language,
            recorded_by=recorded_by,
            on=now.date(),
        )
        locked.closed_at = now
        record_move(locked, State.WITHDRAWN, at=now, author=recorded_by)
        audit(locked, "consent.declined", recorded_by)


def override_request(
    *, referral: Referral, actor: User, reason: str, now: datetime, version: int
) -> None:
    """Ask to refer without the volunteer's consent: a separate permission and a reason; a second
    team member must approve (`override_approve`). Counted in reports."""
    if not actor.has_perm(OVERRIDE_PERMISSION):
        raise ReferralRefused(_("Referring without consent needs a permission you do not have."))
    if not reason.strip() or len(reason) > PURPOSE_MAX:
        raise ReferralRefused(
            _("Say why the volunteer cannot be asked, or why their answer is overridden.")
        )
    with write_transaction():
        locked = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        check_move(locked, State.AWAITING_APPROVAL, version)
        locked.override_reason = keys.seal_to_case(
            reason.strip(), bytes(locked.case.public_key), uid=str(locked.uid), field="override"
        )
        locked.override_requested_by = actor
        record_move(locked, State.AWAITING_APPROVAL, at=now, author=actor)
        audit(locked, "override.requested", actor)


def override_approve(
    *, referral: Referral, actor: User, case_key: PrivateKey, now: datetime, version: int
) -> None:
    """The second team member approves a referral without consent; the packet goes. Call with
    the case key the approver unlocked through the case's gate."""
    if not actor.has_perm(OVERRIDE_PERMISSION):
        raise ReferralRefused(_("Referring without consent needs a permission you do not have."))
    with write_transaction():
        locked = (
            Referral.objects.select_for_update()
            .select_related("case", "partner")
            .get(pk=referral.pk)
        )
        check_move(locked, State.SENT, version)
        if locked.state != State.AWAITING_APPROVAL:
            raise ReferralRefused(_("Nobody asked to refer this without consent."))
        if locked.override_requested_by_id == actor.pk:
            raise ReferralRefused(_("A second team member must approve: not the one who asked."))
        locked.override_approved_by = actor
        _ledger(
            locked,
            ConsentDecision.OVERRIDDEN,
            pieces=locked.pieces,
            channel=ConsentChannel.OVERRIDE,
            language="",
            recorded_by=locked.override_requested_by,
            approved_by=actor,
            on=now.date(),
        )
        audit(locked, "override.approved", actor)
        send_packet(locked, case_key, locked.pieces, now=now, actor=actor)
