"""Who gets to file a report when many arrive: the report budget, then effort, then the slots.

1. The site-wide report budget (`RIGHTSDESK_REPORTS_PER_HOUR`) admits as before.
2. When it is empty, a report whose verified effort (rightsdesk.intake.effort) reaches the gauge's
   threshold passes it, from a second, larger budget (`RIGHTSDESK_EFFORT_REPORTS_PER_HOUR`): a
   flood that solves puzzles is bounded too, and pays for every report it files.
3. Every admitted report then waits for an expensive-work slot, highest effort first
   (rightsdesk.core.slots): reports with no effort wait behind.

A refusal is a `ReportsBusy` that says when a report without effort may get in again: when the
report budget next has room (its `wait_seconds`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from rightsdesk.core import admission
from rightsdesk.intake.gauge import gauge

# After a refusal for want of a slot (not budget), suggest trying again in this long.
SLOT_RETRY_SECONDS = 60.0


class ReportsBusy(admission.Busy):
    """Busy, with the number of seconds after which the report budget has room again."""

    def __init__(self, retry_after: float) -> None:
        super().__init__()
        self.retry_after = max(0.0, retry_after)

    @property
    def retry_after_header(self) -> str:
        return str(max(1, math.ceil(self.retry_after)))


_in_flight_lock = threading.Lock()
_in_flight: set[str] = set()


@contextmanager
def _one_at_a_time(ticket: str, effort: int) -> Iterator[int]:
    """The effort a send may use: 0 if the same solved ticket is already being sent in this
    process (one solution replayed at once must not take many slots; the spent ticket stops it
    for good once a report is stored)."""
    if not effort or not ticket:
        yield 0
        return
    with _in_flight_lock:
        if ticket in _in_flight:
            claimed = False
        else:
            _in_flight.add(ticket)
            claimed = True
    try:
        yield effort if claimed else 0
    finally:
        if claimed:
            with _in_flight_lock:
                _in_flight.discard(ticket)


@contextmanager
def admitted(*, ticket: str, effort: int) -> Iterator[None]:
    """Run the body as one admitted report holding an expensive-work slot, or raise ReportsBusy.

    `effort` must already be verified (effort.verified_effort) for `ticket`; the caller spends
    the ticket in the body's transaction.
    """
    budget = admission.bucket("reports", per_hour=settings.RIGHTSDESK_REPORTS_PER_HOUR)
    with _one_at_a_time(ticket, effort) as usable:
        measured = gauge()
        lane_effort = False
        if not budget.take():
            measured.note_budget_refusal()
            if usable < measured.threshold():
                raise ReportsBusy(budget.wait_seconds())
            extra = admission.bucket(
                "reports-effort", per_hour=settings.RIGHTSDESK_EFFORT_REPORTS_PER_HOUR
            )
            if not extra.take():
                measured.note_effort_refusal()
                raise ReportsBusy(budget.wait_seconds())
            measured.note_effort_admitted(usable)
            lane_effort = True
        try:
            with admission.expensive_work(priority=usable):
                yield
        except admission.Busy as busy:
            if isinstance(busy, ReportsBusy):
                raise
            if lane_effort:
                measured.note_effort_refusal()
            raise ReportsBusy(max(SLOT_RETRY_SECONDS, budget.wait_seconds())) from None
