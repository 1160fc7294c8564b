"""Admission control for expensive work, with no client identity.

Receipt derivations and submissions cost an Argon2id run (tens of megabytes, ~0.1 s). A flood
must not exhaust memory or starve the staff side, so at most `RIGHTSDESK_EXPENSIVE_SLOTS` run at
once per process; a request that waits longer than `RIGHTSDESK_EXPENSIVE_WAIT_SECONDS` is told the
service is busy (and, on the report form, keeps its answers). Site-wide budgets (reports per hour,
receipt failures per hour) are global: rows in the database shared by every process and host
(`core/budgets.py`), holding a budget's name and when it is full again, never a client.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import gettext as _

from rightsdesk.core.budgets import SharedBudget
from rightsdesk.core.refusals import Refused
from rightsdesk.core.slots import PrioritySlots


class Busy(Refused):
    """The site is saturated; try again shortly. Nothing was stored."""

    status = 503
    code = "busy"

    def __init__(self) -> None:
        super().__init__(_("The service is busy. Nothing was stored; try again in a minute."))


_slots_lock = threading.Lock()
_slots: PrioritySlots | None = None


def _semaphore() -> PrioritySlots:
    global _slots  # noqa: PLW0603 - one set of slots per process, created on first use
    with _slots_lock:
        if _slots is None:
            _slots = PrioritySlots(settings.RIGHTSDESK_EXPENSIVE_SLOTS)
        return _slots


@contextmanager
def expensive_work(priority: int = 0) -> Iterator[None]:
    """Run the body in one of the limited slots, or raise Busy.

    Waiting callers get the next free slot highest `priority` first (a report's verified effort,
    rightsdesk.intake.admit), then in arrival order; 0 is work that proved nothing.
    """
    slots = _semaphore()
    if not slots.acquire(priority, timeout=settings.RIGHTSDESK_EXPENSIVE_WAIT_SECONDS):
        raise Busy
    try:
        yield
    finally:
        slots.release()


class TokenBucket:
    """An in-process rate budget: `capacity` events, refilled at `per_second`. The reference
    the shared budgets (`core/budgets.py`) admit exactly like; not used for site-wide budgets,
    which must hold across processes (`bucket`)."""

    def __init__(self, capacity: float, per_second: float) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.tokens = capacity
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.per_second)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


def bucket(name: str, *, per_hour: int) -> SharedBudget:
    """The site-wide budget `name` allowing `per_hour` events (bursts up to a tenth of it), shared
    by every process and host through the database. Its `take()` and `wait_seconds()` query the
    database: call them outside any transaction where you can (see core/budgets.py)."""
    return SharedBudget(name, per_hour=per_hour)


def reset() -> None:
    """Forget this process's slots (tests, and after a settings change). The budgets are rows in
    the database, which each test gets fresh and which read the settings on every take; to
    forget their spending use `budgets.budgets_clear()`."""
    global _slots  # noqa: PLW0603 - see _semaphore
    with _slots_lock:
        _slots = None
