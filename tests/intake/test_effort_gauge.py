"""EffortGauge: the suggested effort rises with refusals and falls when quiet."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.intake.gauge import EffortGauge


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(clock: Clock) -> EffortGauge:
    return EffortGauge(base=16, ceiling=1024, period=60, clock=clock)


def test_quiet_means_no_puzzle_but_the_browser_still_aims_for_the_base() -> None:
    gauge = make(Clock())
    assert gauge.suggested() == 0
    assert gauge.target() == 16
    assert gauge.threshold() == 16


def test_the_first_refusal_asks_for_the_base_at_once() -> None:
    clock = Clock()
    gauge = make(clock)
    gauge.note_budget_refusal()
    assert gauge.suggested() == 16
    assert gauge.threshold() == 16
    clock.now += 60  # refusals of effortless reports alone keep it at the base
    gauge.note_budget_refusal()
    clock.now += 60
    assert gauge.suggested() == 16


def test_a_flood_that_solves_puzzles_doubles_it_each_period_up_to_the_ceiling() -> None:
    clock = Clock()
    gauge = make(clock)
    gauge.note_budget_refusal()
    seen = []
    for _ in range(10):
        gauge.note_effort_refusal()
        clock.now += 60
        seen.append(gauge.suggested())
    assert seen == [32, 64, 128, 256, 512, 1024, 1024, 1024, 1024, 1024]


def test_it_rises_to_the_mean_effort_admitted_when_that_is_higher() -> None:
    clock = Clock()
    gauge = make(clock)
    gauge.note_budget_refusal()
    gauge.note_effort_admitted(400)
    gauge.note_effort_admitted(200)
    gauge.note_effort_refusal()
    clock.now += 60
    assert gauge.suggested() == 300


def test_the_threshold_honours_last_periods_suggestion_while_rising() -> None:
    clock = Clock()
    gauge = make(clock)
    gauge.note_budget_refusal()
    gauge.note_effort_refusal()
    clock.now += 60
    assert gauge.suggested() == 32
    assert gauge.threshold() == 16  # a page shown last period asked for 16


def test_quiet_periods_halve_it_back_to_nothing() -> None:
    clock = Clock()
    gauge = make(clock)
    gauge.note_budget_refusal()
    for _ in range(4):
        gauge.note_effort_refusal()
        clock.now += 60
        gauge.suggested()
    assert gauge.suggested() == 256
    levels = []
    for _ in range(6):
        clock.now += 60
        levels.append(gauge.suggested())
    assert levels == [128, 64, 32, 16, 0, 0]


def test_a_long_silence_closes_every_period_it_spanned() -> None:
    clock = Clock()
    gauge = make(clock)
    gauge.note_budget_refusal()
    gauge.note_effort_refusal()
    clock.now += 60
    assert gauge.suggested() == 32
    clock.now += 3600
    assert gauge.suggested() == 0


@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["budget", "effort", "admit", "tick", "read"]),
            st.integers(min_value=1, max_value=10_000),
        ),
        max_size=80,
    )
)
def test_it_stays_within_bounds_whatever_happens(events: list[tuple[str, int]]) -> None:
    clock = Clock()
    gauge = make(clock)
    for kind, value in events:
        if kind == "budget":
            gauge.note_budget_refusal()
        elif kind == "effort":
            gauge.note_effort_refusal()
        elif kind == "admit":
            gauge.note_effort_admitted(value)
        elif kind == "tick":
            clock.now += value / 100
        level = gauge.suggested()
        assert level == 0 or 16 <= level <= 1024
        assert 16 <= gauge.threshold() <= max(16, level)
        assert gauge.target() == max(16, level)
