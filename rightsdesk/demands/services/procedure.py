"""The procedure: the legal review, approvals, moves, the notification decision, the decision
and the review owed after an emergency disclosure. Each write asks `rightsdesk.demands.rules`
first (from the facts as they are inside the transaction) and raises its refusal; nothing
changes then."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.demands import keys, rules
from rightsdesk.demands.models import Approval, Demand, DemandMove, ReviewNote
from rightsdesk.demands.services.common import (
    DemandRefused,
    audit,
    check_version,
    facts_of,
    refuse,
    require_handler,
)
from rightsdesk.demands.services.demands import demand_text
from rightsdesk.demands.vocabulary import (
    DISCLOSING,
    FAST_PATH_FROM,
    Decision,
    Instrument,
    Notify,
    ReviewItem,
    State,
    Verdict,
)

REVIEW_STATES = frozenset({State.LEGAL_REVIEW, State.CLARIFY, State.NARROW, State.CHALLENGE})
APPROVE_STATES = REVIEW_STATES | {State.NOTIFICATION}
NOTE_LIMIT = 4000


def _locked(demand: Demand) -> Demand:
    return Demand.objects.select_for_update().get(pk=demand.pk)


def _history(demand: Demand, before: str, actor: User | None, now: datetime, note: str) -> None:
    move = DemandMove(demand=demand, from_state=before, to_state=demand.state, by=actor, at=now)
    move.body = keys.seal_json(
        {"note": note[:NOTE_LIMIT]}, bytes(demand.public_key), table=keys.MOVE, row=str(move.uid)
    )
    move.save()


def review_record(
    *, demand: Demand, actor: User, item: str, verdict: str, note: str, now: datetime
) -> None:
    """Record one item of the legal checklist with the reviewer's note (sealed). Allowed during
    legal review and its clarify, narrow and challenge steps, and after an emergency disclosure
    (its review afterwards). Recording an item again replaces it."""
    require_handler(actor)
    if item not in ReviewItem.values or verdict not in Verdict.values:
        raise DemandRefused(_("That is not an item or a verdict of the legal checklist."))
    if not note.strip():
        raise DemandRefused(_("Each item of the legal review needs the reviewer's note."))
    with write_transaction():
        current = _locked(demand)
        owed = current.fast_path and current.emergency_reviewed_at is None
        if current.state not in REVIEW_STATES and not owed:
            raise DemandRefused(_("The legal checklist is filled in during the legal review."))
        row = ReviewNote.objects.filter(demand=current, item=item).first() or ReviewNote(
            demand=current, item=item
        )
        row.verdict, row.reviewer, row.at = verdict, actor, now
        row.body = keys.seal_json(
            {"note": note[:NOTE_LIMIT]},
            bytes(current.public_key),
            table=keys.REVIEW,
            row=str(row.uid),
        )
        row.save()
        # A verdict changed after approvals: the approvals were given on other facts.
        current.approvals.all().delete()
        current.version += 1
        current.save()
        audit(current, "review", actor, detail=item)


def decision_approve(*, demand: Demand, actor: User, decision: str, now: datetime) -> None:
    """A reviewer approves `decision` (one approval per reviewer: a new one replaces theirs)."""
    require_handler(actor)
    if decision not in Decision.values:
        raise refuse("unknown_decision")
    with write_transaction():
        current = _locked(demand)
        fast = current.instrument == Instrument.EMERGENCY and current.state in FAST_PATH_FROM
        if current.state not in APPROVE_STATES and not fast:
            raise DemandRefused(_("Approvals are given between the legal review and the decision."))
        Approval.objects.update_or_create(
            demand=current, reviewer=actor, defaults={"decision": decision, "at": now}
        )
        current.version += 1
        current.save()
        audit(current, f"approve.{decision}", actor)


def demand_move(
    *,
    demand: Demand,
    actor: User,
    to: str,
    note: str = "",
    now: datetime,
    affected: int | None = None,
    version: int | None = None,
) -> None:
    """Move the demand one published step (not the decision: `demand_decide`). Recording the
    action taken may give how many accounts were actually affected."""
    require_handler(actor)
    with write_transaction():
        current = _locked(demand)
        check_version(current.version, version)
        code = rules.move_refusal(facts_of(current), to)
        if code is not None:
            raise refuse(code)
        if affected is not None:
            if affected < 0 or affected > max(current.accounts_named, 0) + 1000:
                raise DemandRefused(_("Give how many accounts were actually affected."))
            current.accounts_affected = affected
        before = current.state
        current.state, current.state_since = to, now
        current.version += 1
        current.save()
        _history(current, before, actor, now, note)
        audit(current, f"move.{to}", actor)


def demand_decide(
    *,
    demand: Demand,
    actor: User,
    decision: str,
    note: str = "",
    now: datetime,
    version: int | None = None,
) -> None:
    """Decide: refuse, comply in part or comply, under rules 2 to 4. An emergency request
    decided straight from receipt takes the fast path and owes a review afterwards."""
    require_handler(actor)
    with write_transaction():
        current = _locked(demand)
        check_version(current.version, version)
        facts = facts_of(current)
        code = rules.decision_refusal(facts, decision)
        if code is not None:
            raise refuse(code)
        before = current.state
        current.fast_path = before != State.NOTIFICATION and decision in DISCLOSING
        current.decision, current.decided_at, current.decided_by = decision, now, actor
        current.state, current.state_since = State.DECIDED, now
        current.version += 1
        current.save()
        _history(current, before, actor, now, note)
        audit(current, f"decide.{decision}", actor)


def notification_decide(
    *,
    demand: Demand,
    key: PrivateKey,
    actor: User,
    choice: str,
    reason: str = "",
    review_on: date | None = None,
    message: str = "",
    today: date,
    now: datetime,
    version: int | None = None,
) -> None:
    """Decide whether the user is notified before any disclosure (the default) or the notice is
    delayed, which needs a reason and a review date (rule 7). The message to the user is sealed
    with the demand. Call after `unlock_demand`."""
    require_handler(actor)
    code = rules.delay_refusal(choice, reason, review_on, today)
    if code is not None:
        raise refuse(code)
    with write_transaction():
        current = _locked(demand)
        check_version(current.version, version)
        if current.state in (State.ACTION_TAKEN, State.CLOSED):
            raise DemandRefused(_("The notification is decided before the action is taken."))
        current.notify = choice
        current.delay_reason = reason if choice == Notify.DELAY else ""
        current.notify_review_on = review_on if choice == Notify.DELAY else None
        text = demand_text(current, key)
        text["message"] = message[:NOTE_LIMIT]
        current.body = keys.seal_json(
            text, bytes(current.public_key), table=keys.DEMAND, row=str(current.uid)
        )
        current.told_on = {k: v for k, v in current.told_on.items() if k != "delay"}
        current.version += 1
        current.save()
        audit(current, f"notify.{choice}", actor, detail=reason)


def user_notified(
    *, demand: Demand, actor: User, notified: int, now: datetime, version: int | None = None
) -> None:
    """Record that the user(s) were notified (how many accounts' holders)."""
    require_handler(actor)
    if notified < 1:
        raise DemandRefused(_("Say how many account holders were notified (at least one)."))
    with write_transaction():
        current = _locked(demand)
        check_version(current.version, version)
        if current.notify not in {Notify.NOTIFY, Notify.DELAY}:
            raise refuse("notify_choice")
        if current.state == State.CLOSED:
            raise refuse("closed")
        current.notify = Notify.NOTIFY
        current.user_notified_at = now
        current.accounts_notified = notified
        current.version += 1
        current.save()
        audit(current, "notified", actor)


def emergency_review_done(*, demand: Demand, actor: User, now: datetime) -> None:
    """Close the review owed after an emergency disclosure: every checklist item recorded, by
    someone other than who decided."""
    require_handler(actor)
    with write_transaction():
        current = _locked(demand)
        if not current.fast_path or current.emergency_reviewed_at is not None:
            raise DemandRefused(_("No review is owed on this demand."))
        if not rules.review_complete(facts_of(current)):
            raise refuse("review_open")
        if current.decided_by_id == actor.pk:
            raise DemandRefused(
                _("Someone else than who decided reviews an emergency disclosure afterwards.")
            )

        current.emergency_reviewed_at = now
        current.version += 1
        current.save()
        audit(current, "emergency.reviewed", actor)
