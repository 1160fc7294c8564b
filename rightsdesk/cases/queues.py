"""The queues a handler lives in, from clear metadata only (no key needed, nothing decrypted).

Every queue is restricted to the cases granted to the handler (need-to-know), counted in the
database and listed at most `LIMIT` at a time, so the page stays fast with tens of thousands of
cases (bench/queues_bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, KeyWrap
from rightsdesk.cases.vocabulary import Status

LIMIT = 25
OPEN = ~Q(status__in=(Status.RESOLVED, Status.CLOSED, Status.OUT_OF_MANDATE, Status.DUPLICATE))
SOON = timedelta(minutes=30)
PRIORITIES = ("P1", "P2", "P3", "P4")


@dataclass(frozen=True)
class Queue:
    slug: str
    cases: list[Case]
    total: int


@dataclass(frozen=True)
class Dashboard:
    queues: list[Queue]
    by_priority: list[tuple[str, int]]


def readable(user: User) -> QuerySet[Case]:
    # A join driven by the (user, kind) index of the wraps.
    return Case.objects.filter(wraps__user=user, wraps__kind=KeyWrap.Kind.USER)


def dashboard(user: User, now: datetime) -> Dashboard:
    """Five queues and the counts per priority: one aggregate query and one list per queue.

    Each list is `LIMIT`ed and ordered along an index ((priority, ack_due), (assignee, priority),
    (ack_due)), so the database can stop after the rows it shows.
    """
    mine = readable(user).filter(OPEN)
    filters = {
        "crises": (Q(priority="P1"), ("ack_due", "-id")),
        "breaching": (
            Q(acknowledged_at__isnull=True, ack_due__lte=now + SOON),
            ("ack_due", "-id"),
        ),
        "mine": (Q(assignee=user), ("priority", "ack_due", "-id")),
        "unassigned": (Q(assignee__isnull=True), ("priority", "ack_due", "-id")),
        "waiting": (Q(status=Status.WAITING), ("priority", "-id")),
    }
    totals = mine.aggregate(
        **{slug: Count("id", filter=condition) for slug, (condition, _) in filters.items()},
        **{p: Count("id", filter=Q(priority=p)) for p in PRIORITIES},
    )
    queues = [
        Queue(
            slug=slug,
            cases=list(mine.filter(condition).order_by(*order)[:LIMIT]) if totals[slug] else [],
            total=totals[slug],
        )
        for slug, (condition, order) in filters.items()
    ]
    return Dashboard(queues=queues, by_priority=[(p, totals[p]) for p in PRIORITIES])
