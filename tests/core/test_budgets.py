"""The site-wide budgets are global: one row per budget in the database, shared by every process.

`admission.bucket(name, per_hour=N)` admits a burst of max(1, N // 10), then one event every
3600 / N s, wherever the request lands; two sessions racing for the last unit get it once. The
rule (GCRA) is tested on its own with hypothesis, and the database paths (one SQL statement on
PostgreSQL, the writer lock on SQLite) against it. CI runs this file on both databases.
"""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.cases.retention import retention_apply
from rightsdesk.core import admission
from rightsdesk.core.budgets import (
    CLOSED_WAIT_SECONDS,
    SharedBudget,
    admitted_full_at,
    budgets_sweep,
    wait_for,
)
from rightsdesk.core.models import Budget

T0 = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
_names = itertools.count()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def fresh_name() -> str:
    return f"test-budget-{next(_names)}"


# The rule alone ------------------------------------------------------------------------------


def run_rule(per_hour: int, gaps_us: list[int]) -> tuple[list[datetime], list[bool], list[float]]:
    """Events at T0 + the running sum of `gaps_us`: when each came, whether it was admitted, and
    the wait the budget announced just before it."""
    budget = SharedBudget("rule", per_hour=per_hour)
    full_at: datetime | None = None
    times, admitted, waits = [], [], []
    now = T0
    for gap in gaps_us:
        now += timedelta(microseconds=gap)
        waits.append(wait_for(full_at, now, tolerance=budget.tolerance))
        new = admitted_full_at(full_at, now, interval=budget.interval, tolerance=budget.tolerance)
        times.append(now)
        admitted.append(new is not None)
        full_at = new or full_at
    return times, admitted, waits


per_hours = st.integers(min_value=1, max_value=20_000)
gap_lists = st.lists(st.integers(min_value=0, max_value=400_000_000), min_size=1, max_size=80)


@given(per_hour=per_hours, gaps_us=gap_lists)
def test_never_more_than_the_budget_in_any_window(per_hour: int, gaps_us: list[int]) -> None:
    """In every window [a, b], at most capacity + (b - a) / interval events are admitted: the
    burst of a tenth of the hour, plus what the hour's rate refills meanwhile."""
    budget = SharedBudget("rule", per_hour=per_hour)
    times, admitted, _ = run_rule(per_hour, gaps_us)
    kept = [t for t, ok in zip(times, admitted, strict=True) if ok]
    for i, start in enumerate(kept):
        for j in range(i, len(kept)):
            span = kept[j] - start
            assert j - i + 1 <= budget.capacity + span // budget.interval


@given(per_hour=per_hours, gaps_us=gap_lists)
def test_refused_exactly_while_the_announced_wait_lasts(per_hour: int, gaps_us: list[int]) -> None:
    """An event is admitted exactly when the wait announced just before it is 0, and after a
    refusal the announced wait is the time until the next admission: an event a microsecond
    earlier is refused, one at that moment is admitted."""
    budget = SharedBudget("rule", per_hour=per_hour)
    full_at: datetime | None = None
    now = T0
    for gap in gaps_us:
        now += timedelta(microseconds=gap)
        wait = wait_for(full_at, now, tolerance=budget.tolerance)
        new = admitted_full_at(full_at, now, interval=budget.interval, tolerance=budget.tolerance)
        assert (new is not None) == (wait == 0.0)
        if new is None:
            later = now + timedelta(seconds=wait)
            args = {"interval": budget.interval, "tolerance": budget.tolerance}
            assert admitted_full_at(full_at, later, **args) is not None
            assert admitted_full_at(full_at, later - timedelta(microseconds=1), **args) is None
        full_at = new or full_at


def test_the_burst_is_a_tenth_of_the_hour_and_the_rate_refills() -> None:
    _, admitted, waits = run_rule(36, [0, 0, 0, 0, 99_999_999, 1])
    assert admitted == [True, True, True, False, False, True]  # a burst of 3, then one per 100 s
    assert waits[3] == 100.0
    assert waits[4] == pytest.approx(0.000001)
    # A small budget still admits one.
    assert run_rule(5, [0, 0])[1] == [True, False]


def test_a_closed_budget_admits_nothing_and_says_an_hour(db: None) -> None:
    budget = admission.bucket(fresh_name(), per_hour=0)
    assert not budget.take()
    assert budget.wait_seconds() == CLOSED_WAIT_SECONDS
    assert not Budget.objects.exists()


# The database paths ---------------------------------------------------------------------------


def test_denied_then_allowed_on_the_database_clock(db: None) -> None:
    """Through the interface the callers use, on the database's own clock."""
    name = fresh_name()
    budget = admission.bucket(name, per_hour=36)  # a burst of 3, then one per 100 s
    assert budget.wait_seconds() == 0.0
    assert [budget.take() for _ in range(4)] == [True, True, True, False]
    wait = admission.bucket(name, per_hour=36).wait_seconds()
    assert 99.0 < wait <= 100.0
    # The row holds the budget's name and when it is full again, nothing else.
    row = Budget.objects.get(name=name)
    assert {f.name for f in Budget._meta.get_fields()} == {"name", "full_at"}
    assert timedelta(seconds=299) < row.full_at - datetime.now(tz=UTC) <= timedelta(seconds=300)


def test_denied_and_allowed_on_a_moved_clock(db: None) -> None:
    clock = Clock()
    name = fresh_name()
    budget = SharedBudget(name, per_hour=36, clock=clock)
    assert [budget.take() for _ in range(4)] == [True, True, True, False]
    assert budget.wait_seconds() == 100.0
    clock.advance(99.999)
    assert not budget.take()
    assert budget.wait_seconds() == pytest.approx(0.001)
    clock.advance(0.001)
    assert budget.wait_seconds() == 0.0
    assert budget.take()
    assert not budget.take()
    # After an idle hour the budget is full again: a whole burst, no more.
    clock.advance(3600)
    assert [budget.take() for _ in range(4)] == [True, True, True, False]


def test_every_handle_spends_the_same_budget(db: None) -> None:
    """Another process builds its own handle: what one spent, the other sees spent."""
    clock = Clock()
    name = fresh_name()
    first = SharedBudget(name, per_hour=20, clock=clock)  # a burst of 2
    second = SharedBudget(name, per_hour=20, clock=clock)
    assert first.take()
    assert second.take()
    assert not first.take()
    assert not second.take()
    assert second.wait_seconds() == 180.0


def test_a_lower_setting_takes_effect_at_once(db: None) -> None:
    clock = Clock()
    name = fresh_name()
    assert SharedBudget(name, per_hour=3600, clock=clock).take()
    assert SharedBudget(name, per_hour=10, clock=clock).wait_seconds() == 1.0  # one event, no burst
    assert not SharedBudget(name, per_hour=10, clock=clock).take()


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(per_hour=st.integers(min_value=1, max_value=3600), gaps_us=gap_lists)
def test_the_database_admits_exactly_what_the_rule_admits(
    db: None, per_hour: int, gaps_us: list[int]
) -> None:
    """The SQL statement (PostgreSQL) or the locked read and write (SQLite) agree with the rule
    on every event, and with its announced waits."""
    clock = Clock()
    budget = SharedBudget(fresh_name(), per_hour=per_hour, clock=clock)
    _, admitted, waits = run_rule(per_hour, gaps_us)
    for gap, expected, wait in zip(gaps_us, admitted, waits, strict=True):
        clock.now += timedelta(microseconds=gap)
        assert budget.wait_seconds() == wait
        assert budget.take() == expected


def test_the_sweep_deletes_only_full_budgets(db: None) -> None:
    clock = Clock()
    spent, idle = fresh_name(), fresh_name()
    assert SharedBudget(spent, per_hour=36, clock=clock).take()
    clock.now = T0 - timedelta(hours=2)
    assert SharedBudget(idle, per_hour=36, clock=clock).take()
    assert budgets_sweep(now=T0 + timedelta(seconds=50)) == 1
    assert list(Budget.objects.values_list("name", flat=True)) == [spent]
    # A full budget and no row admit the same.
    assert budgets_sweep(now=T0 + timedelta(seconds=101)) == 1
    assert not Budget.objects.exists()


# Racing for the last unit ----------------------------------------------------------------------


def _race(name: str, *, per_hour: int, clock: Clock, threads: int, tries: int) -> list[bool]:
    """`threads` database sessions (own connections, as other processes have) all taking from
    budget `name` at the same instant; every answer they got."""
    start = threading.Barrier(threads)
    answers: list[bool] = []
    lock = threading.Lock()
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            budget = SharedBudget(name, per_hour=per_hour, clock=clock)
            start.wait(timeout=20)
            got = [budget.take() for _ in range(tries)]
            with lock:
                answers.extend(got)
        except BaseException as error:  # reported to the test below
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert not failures, failures
    assert not any(thread.is_alive() for thread in workers)
    return answers


@pytest.fixture
def frozen() -> Clock:
    return Clock()


@pytest.mark.django_db(transaction=True)
def test_sessions_racing_for_the_last_units_get_each_once(frozen: Clock) -> None:
    """Eight sessions take 5 times each from a budget of 10 at one instant: exactly 10 admitted
    (the row is created by the race itself, the hardest case for an upsert)."""
    name = fresh_name()
    answers = _race(name, per_hour=100, clock=frozen, threads=8, tries=5)
    assert len(answers) == 40
    assert answers.count(True) == 10
    assert SharedBudget(name, per_hour=100, clock=frozen).wait_seconds() == 36.0


@pytest.mark.django_db(transaction=True)
def test_the_very_last_unit_goes_to_one_session(frozen: Clock) -> None:
    name = fresh_name()
    budget = SharedBudget(name, per_hour=20, clock=frozen)  # a burst of 2
    assert budget.take()
    connection.close()
    answers = _race(name, per_hour=20, clock=frozen, threads=6, tries=1)
    assert answers.count(True) == 1


@pytest.mark.django_db(transaction=True)
def test_racing_on_the_database_clock_stays_within_the_budget() -> None:
    """The same on the real clock (PostgreSQL's clock_timestamp(), or the machine's): a budget
    of 3,600 an hour (a burst of 360, one more a second) admits the burst and at most what the
    race's own duration refills."""
    name = fresh_name()
    began = datetime.now(tz=UTC)
    answers = _race_real(name, threads=6, tries=80)
    elapsed = (datetime.now(tz=UTC) - began).total_seconds()
    assert 360 <= answers.count(True) <= 360 + int(elapsed) + 1


def _race_real(name: str, *, threads: int, tries: int) -> list[bool]:
    start = threading.Barrier(threads)
    answers: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            budget = admission.bucket(name, per_hour=3600)
            start.wait(timeout=20)
            got = [budget.take() for _ in range(tries)]
            with lock:
                answers.extend(got)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)
    assert len(answers) == threads * tries
    return answers


def test_the_retention_job_sweeps_the_full_budgets(db: None) -> None:
    clock = Clock()
    clock.now = datetime.now(tz=UTC) - timedelta(hours=1)
    assert SharedBudget(fresh_name(), per_hour=36, clock=clock).take()  # full again by now
    spent = fresh_name()
    assert admission.bucket(spent, per_hour=36).take()  # full in 100 s
    retention_apply(today=datetime.now(tz=UTC).date())
    assert list(Budget.objects.values_list("name", flat=True)) == [spent]
