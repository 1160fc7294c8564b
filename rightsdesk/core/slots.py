"""PrioritySlots: a counting semaphore whose next free slot goes to the highest priority waiting.

Tor's onion service keeps introduction requests in a queue ordered by proof-of-work effort; this
is the same idea for our expensive work (Argon2 receipts, cleaning files): a report carrying more
effort gets the next free slot, and work with no effort (priority 0) waits behind it. Equal
priorities are served in arrival order. Per process, like the slots it replaces.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time


class PrioritySlots:
    """`capacity` slots; `acquire(priority, timeout)` waits its turn by priority, then arrival."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._free = capacity
        self._waiting: list[tuple[int, int]] = []  # (-priority, ticket): a min-heap
        self._tickets = itertools.count()
        self._cond = threading.Condition()

    def acquire(self, priority: int = 0, timeout: float | None = None) -> bool:
        """Take a slot; False when none came free for us within `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            entry = (-priority, next(self._tickets))
            heapq.heappush(self._waiting, entry)
            while not (self._free > 0 and self._waiting[0] == entry):
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    self._waiting.remove(entry)
                    heapq.heapify(self._waiting)
                    self._cond.notify_all()  # the head may have changed
                    return False
                self._cond.wait(remaining)
            heapq.heappop(self._waiting)
            self._free -= 1
            self._cond.notify_all()  # the next in line may take another free slot
            return True

    def release(self) -> None:
        with self._cond:
            if self._free >= self.capacity:
                raise ValueError("released more slots than were taken")
            self._free += 1
            self._cond.notify_all()

    def waiting(self) -> int:
        """How many are waiting now (the gauge's and the tests' view of the queue)."""
        with self._cond:
            return len(self._waiting)
