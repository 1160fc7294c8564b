"""Admission control for expensive work, with no client identity.

Receipt derivations and submissions cost an Argon2id run (tens of megabytes, ~0.1 s). A flood
must not exhaust memory or starve the staff side, so at most `RIGHTSDESK_EXPENSIVE_SLOTS` run at
once per process; a request that waits longer than `RIGHTSDESK_EXPENSIVE_WAIT_SECONDS` is told the
service is busy (and, on the report form, keeps its answers). Site-wide budgets (reports per hour,
receipt failures per minute) live in process memory: nothing about traffic reaches the disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import gettext as _

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
    """A site-wide rate budget: `capacity` events, refilled at `per_second`."""

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


_buckets: dict[str, TokenBucket] = {}


def bucket(name: str, *, per_hour: int) -> TokenBucket:
    """The process-wide bucket `name` allowing `per_hour` events (bursts up to a tenth of it)."""
    with _slots_lock:
        found = _buckets.get(name)
        if found is None or found.per_second != per_hour / 3600:
            found = TokenBucket(capacity=max(1, per_hour // 10), per_second=per_hour / 3600)
            _buckets[name] = found
        return found


def reset() -> None:
    """Forget all budgets (tests, and after a settings change)."""
    global _slots  # noqa: PLW0603 - see _semaphore
    with _slots_lock:
        _buckets.clear()
        _slots = None
