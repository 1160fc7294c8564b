"""The demand register's clock, run each round of the deadline clock (`rightsdesk cases watch`,
settings RIGHTSDESK_CLOCKS) with a controllable `now`:

- an open demand whose deadline is within `DEADLINE_WARNING_DAYS` days, or has passed;
- a delayed notification whose review date has come (the user is still not notified);
- an emergency disclosure decided on the fast path and not yet reviewed afterwards (a clock item
  until the review is done).

Each tells the demand's readers (rightsdesk.demands.notify), at most once a day per kind, and
says what it did in one line without content. Clear metadata only: no demand is opened.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import QuerySet

from rightsdesk.core.db import write_transaction
from rightsdesk.demands.models import Demand
from rightsdesk.demands.notify import tell
from rightsdesk.demands.selectors import (
    deadlines_near,
    delays_to_review,
    emergency_reviews_owed,
    readers_of,
)
from rightsdesk.demands.services.common import audit

DEADLINE_WARNING_DAYS = 2


def demands_check(now: datetime) -> list[str]:
    """One round: what was done, one line each."""
    today = now.date()
    done: list[str] = []
    done += _remind(deadlines_near(today, today + timedelta(days=DEADLINE_WARNING_DAYS)),
                    "deadline", now)  # fmt: skip
    done += _remind(delays_to_review(today), "delay", now)
    done += _remind(emergency_reviews_owed(), "emergency", now)
    return done


def _remind(found: QuerySet[Demand], kind: str, now: datetime) -> list[str]:
    today = now.date().isoformat()
    done = []
    for pk in found.values_list("pk", flat=True):
        with write_transaction():
            demand = Demand.objects.select_for_update().get(pk=pk)
            if demand.told_on.get(kind) == today:
                continue
            demand.told_on = {**demand.told_on, kind: today}
            demand.save(update_fields=["told_on"])
            audit(demand, f"clock.{kind}", None)
            people = [u.pk for u in readers_of(demand)]
            transaction.on_commit(partial(tell, people), robust=True)
        done.append(f"demand {demand.uid}: {kind}")
    return done
