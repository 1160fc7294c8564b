"""Site-wide rate budgets shared by every process and host, kept in the database.

`admission.bucket(name, per_hour=N)` hands out a `SharedBudget`. It admits what a token bucket
of capacity max(1, N // 10) refilled at N an hour admits (the burst of a tenth of the hour, then
one every 3600 / N seconds), but the bucket is one row in the database, so three gunicorn
processes on two hosts share one budget instead of having three.

The row holds the bucket as a single moment, `full_at`, the generic cell rate algorithm (GCRA,
as in ATM traffic policing and redis-cell): with the interval T = 3600 / N s and the burst
allowance tau = (capacity - 1) * T, an event at `now` is admitted when

    max(full_at, now) - now <= tau          and then full_at := max(full_at, now) + T

which is exactly "the bucket holds at least one token" for a bucket that holds
capacity - (full_at - now) / T tokens. Refused events change nothing. The wait before the next
admitted event is max(0, full_at - now - tau).

Atomicity, so that two processes can never both take the last unit:
- PostgreSQL: one statement, `INSERT ... ON CONFLICT (name) DO UPDATE ... WHERE <admitted>
  RETURNING`. The conflicting row is locked; a second statement waits and then evaluates the
  WHERE on the row the first one wrote (READ COMMITTED re-check). The clock is the database's
  (`clock_timestamp()`), so the hosts' clocks need not agree.
- SQLite (one machine): read and write inside `core.db.write_transaction`, whose IMMEDIATE
  transaction takes SQLite's write lock at BEGIN, serialising processes as well as threads. The
  clock is the machine's.

Call `take` outside any transaction where you can: inside one, the budget's row stays locked
until the caller commits, and every other process taking from that budget waits for it (and a
rollback un-spends the unit).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection
from django.db.models.functions import Now
from django.utils import timezone

from rightsdesk.core.db import write_transaction
from rightsdesk.core.models import Budget

Clock = Callable[[], datetime]

# What a budget of 0 events an hour tells a refused caller to wait: it admits nothing until the
# setting changes, and "an hour" is an honest upper bound for a page to print.
CLOSED_WAIT_SECONDS = 3600.0


def admitted_full_at(
    full_at: datetime | None, now: datetime, *, interval: timedelta, tolerance: timedelta
) -> datetime | None:
    """The rule, with no storage: the new `full_at` if an event at `now` is admitted, else None.
    `full_at` None is a budget with no row (full)."""
    start = now if full_at is None or full_at < now else full_at
    if start - now > tolerance:
        return None
    return start + interval


def wait_for(full_at: datetime | None, now: datetime, *, tolerance: timedelta) -> float:
    """Seconds from `now` until an event would be admitted (0.0: now)."""
    if full_at is None:
        return 0.0
    return max(0.0, (full_at - now - tolerance).total_seconds())


def _microseconds(span: timedelta) -> int:
    return span // timedelta(microseconds=1)


# Microseconds, not intervals, as parameters: whole numbers, so the database computes exactly
# what `admitted_full_at` does.
_UPSERT = """
INSERT INTO {table} AS budget (name, full_at)
VALUES (%(name)s, COALESCE(%(now)s, clock_timestamp()) + %(interval_us)s * interval '1 microsecond')
ON CONFLICT (name) DO UPDATE
SET full_at = GREATEST(budget.full_at, COALESCE(%(now)s, clock_timestamp()))
    + %(interval_us)s * interval '1 microsecond'
WHERE GREATEST(budget.full_at, COALESCE(%(now)s, clock_timestamp()))
      - COALESCE(%(now)s, clock_timestamp()) <= %(tolerance_us)s * interval '1 microsecond'
RETURNING full_at
"""


class SharedBudget:
    """The budget `name` allowing `per_hour` events an hour, bursts of a tenth of it.

    `take()` -> bool and `wait_seconds()` -> float, as the in-process `admission.TokenBucket`.
    `clock`: None for the database's clock (production); tests pass a fixed one.
    """

    def __init__(self, name: str, *, per_hour: int, clock: Clock | None = None) -> None:
        self.name = name
        self.per_hour = per_hour
        self.capacity = max(1, per_hour // 10)
        self.clock = clock
        self.closed = per_hour < 1
        seconds = 0.0 if self.closed else 3600 / per_hour
        self.interval = timedelta(seconds=seconds)
        self.tolerance = self.interval * (self.capacity - 1)

    def take(self) -> bool:
        """Spend one event of the budget; False (nothing spent) when it is empty."""
        if self.closed:
            return False
        if connection.vendor == "postgresql":
            return self._take_postgresql()
        return self._take_locked()

    def wait_seconds(self) -> float:
        """Seconds until the next event would be admitted (0.0 when one would be now): what a
        refused reporter is told to wait."""
        if self.closed:
            return CLOSED_WAIT_SECONDS
        row = Budget.objects.filter(name=self.name).values_list("full_at", flat=True).first()
        return wait_for(row, self._now(), tolerance=self.tolerance)

    def _now(self) -> datetime:
        if self.clock is not None:
            return self.clock()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT clock_timestamp()")
                found = cursor.fetchone()
            assert found is not None  # noqa: S101 - a SELECT of a function returns one row
            when: datetime = found[0]
            return when
        return timezone.now()

    def _take_postgresql(self) -> bool:
        sql = _UPSERT.format(table=connection.ops.quote_name(Budget._meta.db_table))
        params = {
            "name": self.name,
            "now": self.clock() if self.clock is not None else None,
            "interval_us": _microseconds(self.interval),
            "tolerance_us": _microseconds(self.tolerance),
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is not None

    def _take_locked(self) -> bool:
        with write_transaction():
            row = Budget.objects.filter(name=self.name).values_list("full_at", flat=True).first()
            full_at = admitted_full_at(
                row, self._now(), interval=self.interval, tolerance=self.tolerance
            )
            if full_at is None:
                return False
            Budget.objects.update_or_create(name=self.name, defaults={"full_at": full_at})
            return True


def budgets_sweep(now: datetime | None = None) -> int:
    """Delete the budgets that are full again (a full budget and no row admit the same); returns
    how many. Run by the daily retention job; any host may run it at any time. `now`: None for
    the database's clock."""
    deleted, _ = Budget.objects.filter(full_at__lt=now or Now()).delete()
    return deleted


def budgets_clear() -> None:
    """Forget every budget's spending (tests; an operator after a flood has passed)."""
    Budget.objects.all().delete()
