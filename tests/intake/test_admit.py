"""intake.admit: effort orders the wait for a slot; one solution counts once at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection
from pytest_django.fixtures import Settings

from rightsdesk.core import admission
from rightsdesk.intake import admit, gauge

# The report budget is a row in the database (core/budgets.py), taken from the reports' threads.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh(settings: Settings) -> Iterator[None]:
    settings.RIGHTSDESK_EXPENSIVE_SLOTS = 1
    settings.RIGHTSDESK_EXPENSIVE_WAIT_SECONDS = 10
    admission.reset()
    gauge.reset()
    yield
    admission.reset()
    gauge.reset()


def test_a_report_with_effort_gets_the_next_slot_before_earlier_ones_without() -> None:
    order: list[str] = []
    lock = threading.Lock()

    def report(name: str, ticket: str, effort: int) -> None:
        try:
            with admit.admitted(ticket=ticket, effort=effort), lock:
                order.append(name)
        finally:
            connection.close()

    slots = admission._semaphore()
    assert slots.acquire(0, timeout=1)
    threads = []
    for name, ticket, effort in [("flood-1", "", 0), ("flood-2", "", 0), ("genuine", "t", 64)]:
        thread = threading.Thread(target=report, args=(name, ticket, effort))
        thread.start()
        threads.append(thread)
        deadline = time.monotonic() + 5
        while slots.waiting() < len(threads):
            assert time.monotonic() < deadline
            time.sleep(0.005)
    slots.release()
    for thread in threads:
        thread.join()
    assert order == ["genuine", "flood-1", "flood-2"]


def test_the_same_solved_ticket_counts_once_while_in_flight() -> None:
    with admit._one_at_a_time("ticket-a", 64) as first:
        assert first == 64
        with admit._one_at_a_time("ticket-a", 64) as replay:
            assert replay == 0
        with admit._one_at_a_time("ticket-b", 64) as other:
            assert other == 64
    with admit._one_at_a_time("ticket-a", 64) as again:
        assert again == 64


def test_no_slot_in_time_is_busy_with_a_time_to_try_again(settings: Settings) -> None:
    settings.RIGHTSDESK_EXPENSIVE_WAIT_SECONDS = 0.05
    admission.reset()
    with (
        admission.expensive_work(),
        pytest.raises(admit.ReportsBusy) as refused,
        admit.admitted(ticket="", effort=0),
    ):
        pass
    assert refused.value.retry_after >= admit.SLOT_RETRY_SECONDS
    assert refused.value.retry_after_header == "60"
