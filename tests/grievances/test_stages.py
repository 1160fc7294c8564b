"""The stage machine's rules, as properties over any sequence of requested moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.grievances import stages
from rightsdesk.grievances.checks import stage_limits_are_valid
from rightsdesk.grievances.stages import FORWARD, ORDER, Move, StageRefused, check_move
from rightsdesk.grievances.vocabulary import Outcome, Stage

moves = st.builds(
    Move,
    target=st.sampled_from([*Stage.values, "nowhere"]),
    outcome=st.sampled_from(["", *Outcome.values]),
    reason=st.sampled_from(["", "   ", "Because the facts changed."]),
)


def allowed(current: str, move: Move) -> bool:
    try:
        check_move(current, move)
    except StageRefused:
        return False
    return True


@given(current=st.sampled_from(Stage.values), move=moves)
def test_an_allowed_move_never_skips_a_stage_forward(current: str, move: Move) -> None:
    if allowed(current, move) and not stages.is_backward(current, move.target):
        # Forward: only to a stage the table names; the only jumps are early endings (closed).
        assert move.target in FORWARD[Stage(current)]
        gap = stages.index(move.target) - stages.index(current)
        assert gap == 1 or move.target == Stage.CLOSED


@given(current=st.sampled_from(Stage.values), move=moves)
def test_going_back_or_ending_always_needs_a_reason(current: str, move: Move) -> None:
    if allowed(current, move) and stages.needs_reason(current, move):
        assert move.reason.strip()


@given(current=st.sampled_from(Stage.values), move=moves)
def test_an_ending_outcome_goes_to_closed_and_a_decision_carries_one(
    current: str, move: Move
) -> None:
    if allowed(current, move):
        if move.outcome in (Outcome.REDIRECTED, Outcome.DECLINED, Outcome.REDIRECT_TRACK):
            assert move.target == Stage.CLOSED
        if move.target == Stage.DECISION and not stages.is_backward(current, move.target):
            assert move.outcome


@given(path=st.lists(moves, max_size=30))
def test_any_walk_stays_on_the_procedure(path: list[Move]) -> None:
    """Whatever is asked, in any order, the stages reached follow the procedure."""
    current = Stage.RECEIVED.value
    for move in path:
        if allowed(current, move):
            assert stages.index(move.target) <= stages.index(current) + 1 or (
                move.target == Stage.CLOSED
            )
            current = move.target
    assert current in Stage.values


def test_the_whole_procedure_can_be_walked_with_reasons() -> None:
    current = Stage.RECEIVED.value
    walk = [
        Move(Stage.ACKNOWLEDGED),
        Move(Stage.ELIGIBILITY),
        Move(Stage.ASSESSMENT, Outcome.ACCEPTED),
        Move(Stage.RESOLUTION, Outcome.DIALOGUE),
        Move(Stage.DECISION, Outcome.UPHELD, "We agree."),
        Move(Stage.REMEDY),
        Move(Stage.MONITORING),
        Move(Stage.CLOSED, reason="Remedied and lasting."),
    ]
    for move in walk:
        check_move(current, move)
        current = move.target
    assert current == Stage.CLOSED
    assert len(walk) == len(ORDER) - 1


@pytest.mark.parametrize(
    ("current", "move", "says"),
    [
        ("received", Move("eligibility"), "cannot skip"),
        ("assessment", Move("acknowledged"), "needs a reason"),
        ("eligibility", Move("closed", "declined"), "written reasons"),
        ("eligibility", Move("assessment"), "Choose what this step decided"),
        ("received", Move("acknowledged", "accepted"), "decides nothing"),
        ("decision", Move("decision"), "already at this stage"),
        ("decision", Move("resolution", "upheld", "x"), "carries no outcome"),
    ],
)
def test_bad_moves_are_refused_with_a_clear_message(current: str, move: Move, says: str) -> None:
    with pytest.raises(StageRefused, match=says):
        check_move(current, move)


def test_limits_are_configurable_and_checked() -> None:
    with override_settings(RIGHTSDESK_GRIEVANCE_STAGE_DAYS={"eligibility": 10}):
        assert stages.stage_limits()[Stage.ELIGIBILITY] == 10
        assert stages.stage_limits()[Stage.ASSESSMENT] == 45
    for bad in ({"closed": 3}, {"eligibility": 0}, {"eligibility": "10"}, {"eligibility": 400}):
        with (
            override_settings(RIGHTSDESK_GRIEVANCE_STAGE_DAYS=bad),
            pytest.raises(ImproperlyConfigured),
        ):
            stages.stage_limits()
        with override_settings(RIGHTSDESK_GRIEVANCE_STAGE_DAYS=bad):
            assert [e.id for e in stage_limits_are_valid(None)] == ["rightsdesk.E030"]
    assert stage_limits_are_valid(None) == []


def test_escalation_levels_follow_the_limit() -> None:
    due = datetime(2026, 12, 1, tzinfo=UTC)
    # Eligibility: 15 days, so level 2 comes 8 days after the due date.
    assert stages.escalation_level(due, "eligibility", due - timedelta(seconds=1)) == 0
    assert stages.escalation_level(due, "eligibility", due) == 1
    assert stages.escalation_level(due, "eligibility", due + timedelta(days=7, hours=23)) == 1
    assert stages.escalation_level(due, "eligibility", due + timedelta(days=8)) == 2
    assert stages.escalation_level(None, "closed", due) == 0
