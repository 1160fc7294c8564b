"""EffortGauge: the effort the report form suggests, rising with the load and falling without it.

Like Tor's "suggested effort" (proposal 327, section 3.4.3), recomputed once a period from what
the period saw:

- reports turned away by the effort lane (its budget empty, or no slot in time): the flood is
  solving puzzles too, so the suggestion doubles (at least the base, at least the mean effort
  admitted), up to the ceiling;
- reports without enough effort turned away by the exhausted report budget: keep asking at least
  the base;
- nothing turned away: halve it, down to 0 (no puzzle asked) below the base.

The first refusal of a quiet period raises 0 to the base at once, so a flood is met within one
request, not one period. `threshold` is what a report must prove to pass the exhausted budget:
the lower of this period's and the last period's suggestion (never below the base), so a person
whose page was given last period's suggestion is not refused for a rise they could not see.

Per process, like the slots it feeds: each app server sees its own share of a flood and suggests
from that; the suggestion is advice to browsers, and a challenge signed by one server verifies on
every other (the signing key is shared), so nothing needs to agree across processes. Only counts
are kept, in memory: nothing about traffic reaches the disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings


class EffortGauge:
    def __init__(
        self,
        *,
        base: int,
        ceiling: int,
        period: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = max(1, base)
        self.ceiling = max(self.base, ceiling)
        self.period = max(period, 0.001)  # a zero period would never close
        self.clock = clock
        self.current = 0
        self.previous = 0
        self.started = clock()
        self.budget_refusals = 0
        self.effort_refusals = 0
        self.admitted = 0
        self.admitted_effort = 0
        self.lock = threading.Lock()

    def _roll(self) -> None:
        """Close every period that has ended (the caller holds the lock)."""
        while self.clock() - self.started >= self.period:
            if self.effort_refusals:
                mean = self.admitted_effort // self.admitted if self.admitted else 0
                level = max(self.base, self.current * 2, mean)
            elif self.budget_refusals:
                level = max(self.base, self.current)
            else:
                level = self.current // 2
                level = level if level >= self.base else 0
            self.previous, self.current = self.current, min(self.ceiling, level)
            self.started += self.period
            self.budget_refusals = self.effort_refusals = 0
            self.admitted = self.admitted_effort = 0

    def suggested(self) -> int:
        """The effort a page asks of its browser now (0: no load, no puzzle needed)."""
        with self.lock:
            self._roll()
            return self.current

    def target(self) -> int:
        """What the browser solves for: the suggestion, and the base even when there is no load,
        so that a flood starting while a person fills the form does not catch them with none."""
        return max(self.base, self.suggested())

    def threshold(self) -> int:
        """The least verified effort that passes the exhausted report budget."""
        with self.lock:
            self._roll()
            return max(self.base, min(self.previous, self.current))

    def note_budget_refusal(self) -> None:
        with self.lock:
            self._roll()
            self.budget_refusals += 1
            if self.current == 0:
                self.current = self.previous = self.base

    def note_effort_refusal(self) -> None:
        with self.lock:
            self._roll()
            self.effort_refusals += 1

    def note_effort_admitted(self, effort: int) -> None:
        with self.lock:
            self._roll()
            self.admitted += 1
            self.admitted_effort += effort


_gauge_lock = threading.Lock()
_gauge: EffortGauge | None = None


def gauge() -> EffortGauge:
    """This process's gauge, made from the settings on first use."""
    global _gauge  # noqa: PLW0603 - one gauge per process, like the slots
    with _gauge_lock:
        if _gauge is None:
            _gauge = EffortGauge(
                base=settings.RIGHTSDESK_EFFORT_BASE,
                ceiling=settings.RIGHTSDESK_EFFORT_CEILING,
                period=settings.RIGHTSDESK_EFFORT_PERIOD_SECONDS,
            )
        return _gauge


def reset() -> None:
    """Forget the load seen (tests, and after a settings change)."""
    global _gauge  # noqa: PLW0603 - see gauge()
    with _gauge_lock:
        _gauge = None
