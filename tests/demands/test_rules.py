"""The published rules, as properties over random facts (hypothesis) and random walks."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.demands import rules
from rightsdesk.demands.rules import Facts
from rightsdesk.demands.vocabulary import (
    DISCLOSING,
    TRANSITIONS,
    Decision,
    DelayReason,
    Instrument,
    Notify,
    ReviewItem,
    State,
    Verdict,
)

TODAY = date(2026, 12, 2)

facts = st.builds(
    Facts,
    state=st.sampled_from(State.values),
    instrument=st.sampled_from(Instrument.values),
    has_laws=st.booleans(),
    review=st.dictionaries(st.sampled_from(ReviewItem.values), st.sampled_from(Verdict.values)),
    approvals=st.dictionaries(st.integers(1, 4), st.sampled_from(Decision.values), max_size=4),
    decision=st.sampled_from(["", *Decision.values]),
    fast_path=st.booleans(),
    notify=st.sampled_from(["", *Notify.values]),
    delay_reason=st.sampled_from(["", *DelayReason.values]),
    notify_review_on=st.one_of(st.none(), st.just(TODAY + timedelta(days=30))),
    user_notified=st.booleans(),
    emergency_reviewed=st.booleans(),
)


@given(facts, st.sampled_from(Decision.values))
def test_no_compliance_without_a_legal_basis(f: Facts, decision: str) -> None:
    if rules.decision_refusal(f, decision) is None and decision in DISCLOSING:
        assert f.has_laws


@given(facts, st.sampled_from(Decision.values))
def test_compliance_needs_two_reviewers_except_on_the_fast_path(f: Facts, decision: str) -> None:
    if rules.decision_refusal(f, decision) is None and decision in DISCLOSING:
        approvers = {who for who, d in f.approvals.items() if d == decision}
        if f.instrument == Instrument.EMERGENCY and f.state in (
            State.RECEIVED,
            State.AUTHENTICATED,
        ):
            assert len(approvers) >= 1
        else:
            assert len(approvers) >= 2
            assert f.review.get(ReviewItem.LAW) == Verdict.MET


@given(facts, st.sampled_from(Decision.values))
def test_only_emergencies_skip_to_a_decision(f: Facts, decision: str) -> None:
    if rules.decision_refusal(f, decision) is None:
        assert f.state == State.NOTIFICATION or (
            f.instrument == Instrument.EMERGENCY
            and f.state in (State.RECEIVED, State.AUTHENTICATED)
        )


@given(facts, st.sampled_from(State.values))
def test_no_state_is_skipped(f: Facts, target: str) -> None:
    if rules.move_refusal(f, target) is None:
        assert target in TRANSITIONS[f.state]
        assert target != State.DECIDED


@given(facts)
def test_no_disclosure_before_the_user_is_notified_or_a_delay_is_justified(f: Facts) -> None:
    if rules.move_refusal(f, State.ACTION_TAKEN) is None and f.decision in DISCLOSING:
        assert (f.notify == Notify.NOTIFY and f.user_notified) or (
            f.notify == Notify.DELAY
            and f.delay_reason in DelayReason.values
            and f.notify_review_on is not None
        )


@given(facts)
def test_an_unreviewed_emergency_disclosure_is_not_closed(f: Facts) -> None:
    if rules.move_refusal(f, State.CLOSED) is None and f.fast_path:
        assert f.emergency_reviewed


@given(
    st.sampled_from(["", *Notify.values, "later"]),
    st.sampled_from(["", *DelayReason.values, "whim"]),
    st.one_of(st.none(), st.integers(-5, 60).map(lambda d: TODAY + timedelta(days=d))),
)
def test_a_delay_needs_a_reason_and_a_future_review_date(
    choice: str, reason: str, review_on: date | None
) -> None:
    refused = rules.delay_refusal(choice, reason, review_on, TODAY)
    if choice == Notify.DELAY and refused is None:
        assert reason in DelayReason.values
        assert review_on is not None
        assert review_on > TODAY
    if choice not in Notify.values:
        assert refused == "notify_choice"


@settings(max_examples=200)
@given(st.lists(st.sampled_from([*State.values, *(f"decide:{d}" for d in Decision.values)]),
                max_size=30), st.booleans())  # fmt: skip
def test_a_random_walk_never_reaches_compliance_without_its_conditions(
    steps: list[str], laws: bool
) -> None:
    """Walk from receipt trying random steps, applying only the allowed ones, with a full
    review met, no approvals and no notification: no walk reaches comply."""
    f = Facts(state=State.RECEIVED, instrument=Instrument.COURT_ORDER, has_laws=laws,
              review=dict.fromkeys(ReviewItem.values, Verdict.MET))  # fmt: skip
    for step in steps:
        if step.startswith("decide:"):
            decision = step.split(":", 1)[1]
            if rules.decision_refusal(f, decision) is None:
                f = Facts(**{**f.__dict__, "state": State.DECIDED, "decision": decision})
        elif rules.move_refusal(f, step) is None:
            f = Facts(**{**f.__dict__, "state": step})
    assert f.decision not in DISCLOSING
    assert f.state not in (State.ACTION_TAKEN, State.CLOSED) or f.decision == Decision.REFUSE


def test_the_published_path_is_allowed() -> None:
    """The rules can say yes: the whole path with everything in place."""
    f = Facts(state=State.NOTIFICATION, instrument=Instrument.COURT_ORDER, has_laws=True,
              review=dict.fromkeys(ReviewItem.values, Verdict.MET),
              approvals={1: Decision.COMPLY, 2: Decision.COMPLY})  # fmt: skip
    assert rules.decision_refusal(f, Decision.COMPLY) is None
    decided = Facts(**{**f.__dict__, "state": State.DECIDED, "decision": Decision.COMPLY})
    assert rules.move_refusal(decided, State.ACTION_TAKEN) == "notify_first"
    notified = Facts(**{**decided.__dict__, "notify": Notify.NOTIFY, "user_notified": True})
    assert rules.move_refusal(notified, State.ACTION_TAKEN) is None
    assert (
        rules.decision_refusal(
            Facts(**{**f.__dict__, "approvals": {1: Decision.COMPLY}}), Decision.COMPLY
        )
        == "approvals"
    )
    assert rules.decision_refusal(Facts(**{**f.__dict__, "has_laws": False}), Decision.PARTLY) == (
        "no_basis"
    )
