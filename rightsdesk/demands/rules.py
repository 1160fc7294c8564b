"""The published rules a demand is decided under. Pure functions over `Facts` (clear metadata
only, so the page, the API, the clock and the property tests all ask the same question and no
key is needed to answer it). Each check returns None when allowed, or the refusal's code;
`MESSAGES` holds the text shown for each code (services raise it, nothing changes).

The rules:

1. A move follows `vocabulary.TRANSITIONS`: no state is skipped. Leaving legal review (to
   clarify, narrow, challenge or the notification decision) needs every item of the checklist
   reviewed, each with a reviewer's note.
2. A demand is decided only from the notification decision; an emergency request may take the
   fast path straight from receipt (or the authenticity check), and then owes a review
   afterwards (rule 6).
3. Comply or comply in part needs a legal basis recorded: the laws cited, and (except on the
   emergency fast path) the review item "a law that applies" met. Comply needs every item met;
   comply in part needs the law, the aim and the writing met and nothing "not met" beyond
   what narrowing answers (necessity, narrow reading).
4. Comply or comply in part needs the approval of two different reviewers for that decision
   (the emergency fast path needs one).
5. Before any disclosure (moving a decision to comply or comply in part to "action taken") the
   user has been notified, or a delay was decided with a reason and a review date.
6. An emergency decided on the fast path cannot be closed before its review afterwards is done.
7. A notification delay needs a reason and a review date in the future.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from rightsdesk.demands.vocabulary import (
    DECIDE_FROM,
    DISCLOSING,
    FAST_PATH_FROM,
    TRANSITIONS,
    Decision,
    DelayReason,
    Instrument,
    Notify,
    ReviewItem,
    State,
    Verdict,
)

RULES_VERSION = 1
APPROVALS_NEEDED = 2
FAST_PATH_APPROVALS = 1


@dataclass(frozen=True)
class Facts:
    """What the rules look at, all clear metadata of one demand."""

    state: str
    instrument: str
    has_laws: bool = False
    review: Mapping[str, str] = field(default_factory=dict)  # item -> verdict (with a note)
    approvals: Mapping[int, str] = field(default_factory=dict)  # reviewer id -> decision
    decision: str = ""
    fast_path: bool = False
    notify: str = ""
    delay_reason: str = ""
    notify_review_on: date | None = None
    user_notified: bool = False
    emergency_reviewed: bool = False


MESSAGES = {
    "skip": _("A demand moves one published step at a time: that step is not next."),
    "review_open": _("Review every item of the legal checklist, each with a note, first."),
    "decide_from": _("A demand is decided after the notification decision."),
    "closed": _("This demand is closed."),
    "no_basis": _(
        "No legal basis is recorded (the laws cited, and “a law that applies” met): "
        "it cannot be complied with, even in part."
    ),
    "test_not_met": _("The legal test is not met for this decision: see the checklist."),
    "approvals": _("Complying needs the approval of two different reviewers for this decision."),
    "fast_approval": _("An emergency disclosure needs one reviewer's approval."),
    "not_decided": _("Decide the demand first."),
    "notify_first": _(
        "Notify the user before any disclosure, or record a delay with its reason and review date."
    ),
    "emergency_review": _("An emergency disclosure must be reviewed afterwards before closing."),
    "delay_reason": _(
        "A delayed notification needs a reason: a gag order, an emergency or danger."
    ),
    "delay_date": _("A delayed notification needs a date in the future when it is reviewed again."),
    "notify_choice": _("Choose to notify the user or to delay the notification."),
    "unknown_decision": _("That is not a decision of the procedure."),
}


def review_complete(facts: Facts) -> bool:
    return all(item in facts.review for item in ReviewItem.values)


def legal_basis(facts: Facts, *, fast_path: bool) -> bool:
    """Rule 3's legal basis: the laws cited, and the law item met unless on the fast path."""
    if not facts.has_laws:
        return False
    return fast_path or facts.review.get(ReviewItem.LAW) == Verdict.MET


def move_refusal(facts: Facts, target: str) -> str | None:
    """May the demand move from `facts.state` to `target` (anything but deciding)?"""
    if facts.state == State.CLOSED:
        return "closed"
    if target not in TRANSITIONS.get(facts.state, frozenset()) or target == State.DECIDED:
        return "skip"
    if facts.state == State.LEGAL_REVIEW and not review_complete(facts):
        return "review_open"
    return _arrival_refusal(facts, target)


def _arrival_refusal(facts: Facts, target: str) -> str | None:
    """Rules 5 and 6: what "action taken" and "closed" need."""
    if target == State.ACTION_TAKEN:
        if not facts.decision:
            return "not_decided"
        if facts.decision in DISCLOSING and not notification_ok(facts):
            return "notify_first"
    if target == State.CLOSED and facts.fast_path and not facts.emergency_reviewed:
        return "emergency_review"
    return None


def notification_ok(facts: Facts) -> bool:
    """Rule 5: notified, or a delay decided with its reason and review date."""
    if facts.notify == Notify.NOTIFY:
        return facts.user_notified
    if facts.notify == Notify.DELAY:
        return facts.delay_reason in DelayReason.values and facts.notify_review_on is not None
    return False


def decision_refusal(facts: Facts, decision: str) -> str | None:
    """May the demand be decided `decision` now? Rules 2, 3 and 4."""
    if decision not in Decision.values:
        return "unknown_decision"
    if facts.state == State.CLOSED:
        return "closed"
    if not may_decide(facts):
        return "decide_from"
    if decision not in DISCLOSING:
        return None
    return _compliance_refusal(facts, decision)


def _compliance_refusal(facts: Facts, decision: str) -> str | None:
    """Rules 3 and 4 for comply and comply in part."""
    fast = facts.state in FAST_PATH_FROM
    if not legal_basis(facts, fast_path=fast):
        return "no_basis"
    approvers = {who for who, approved in facts.approvals.items() if approved == decision}
    if fast:
        return None if len(approvers) >= FAST_PATH_APPROVALS else "fast_approval"
    if not test_met(facts, decision):
        return "test_not_met"
    return None if len(approvers) >= APPROVALS_NEEDED else "approvals"


def test_met(facts: Facts, decision: str) -> bool:
    """Rule 3's test: comply needs every item met; comply in part needs the law, the aim and
    the writing met and the rest at least partly met."""
    verdicts = facts.review
    if decision == Decision.COMPLY:
        return all(verdicts.get(item) == Verdict.MET for item in ReviewItem.values)
    firm = (ReviewItem.LAW, ReviewItem.AIM, ReviewItem.WRITING)
    if any(verdicts.get(item) != Verdict.MET for item in firm):
        return False
    return all(
        verdicts.get(item) in (Verdict.MET, Verdict.PARTLY)
        for item in (ReviewItem.NECESSARY, ReviewItem.NARROW)
    )


def delay_refusal(choice: str, reason: str, review_on: date | None, today: date) -> str | None:
    """Rule 7: the notification decision itself."""
    if choice not in Notify.values:
        return "notify_choice"
    if choice == Notify.NOTIFY:
        return None
    if reason not in DelayReason.values:
        return "delay_reason"
    if review_on is None or review_on <= today:
        return "delay_date"
    return None


def next_moves(facts: Facts) -> list[str]:
    """The moves allowed now (for the page's buttons), in the published order."""
    return [
        s
        for s in State.values
        if s in TRANSITIONS.get(facts.state, ())
        and s != State.DECIDED
        and move_refusal(facts, s) is None
    ]


def may_decide(facts: Facts) -> bool:
    """Rule 2: from the notification decision, or an emergency on the fast path."""
    fast = facts.instrument == Instrument.EMERGENCY and facts.state in FAST_PATH_FROM
    return facts.state in DECIDE_FROM or fast
