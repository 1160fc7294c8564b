"""The queues a handler lives in, from clear metadata only (no key needed, nothing decrypted).

Every queue is restricted to the cases granted to the handler (need-to-know), counted in the
database and listed at most `LIMIT` at a time on the dashboard (`PAGE` on a queue's own page), so
the page stays fast with tens of thousands of cases (bench/queues_bench.py).

Which table drives a list query matters more than any index: for a handler who reads most of the
open cases, walking the queue's index in order and checking each case's grant stops after a few
rows; for one who reads few, starting from their grants and sorting them is cheaper. The database
cannot know which handler it is serving (SQLite's planner has no statistics on a join's
selectivity), so `dashboard` decides from the counts it has just taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, Max, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import granted_cases, readable_here, reader_wraps
from rightsdesk.cases.vocabulary import Priority, Status, ThreatType

LIMIT = 10

PAGE = 50

# Listed, not negated, so that the database seeks these statuses in its indexes and never reads
# the closed cases that pile up over the months (retention keeps them a year).
OPEN_STATUSES = (
    Status.NEW,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.REFERRED,
    Status.WAITING,
)

OPEN = Q(status__in=OPEN_STATUSES)

SOON = timedelta(minutes=30)

PRIORITIES = tuple(Priority.values)

SLUGS = ("crises", "breaching", "mine", "unassigned", "waiting")

# What a queue row shows; and what the API's summary never needs: ciphertexts and keys.
ROW_FIELDS = (
    "number",
    "created_on",
    "status",
    "priority",
    "acknowledged_at",
    "ack_due",
    "emergency",
    "threat_types",
)

HEAVY = ("content", "classification", "public_key", "receipt_lookup")

# A queue holding at least 1/DENSE_SHARE of all cases is listed by walking its index.
DENSE_SHARE = 4


@dataclass(frozen=True)
class Queue:
    slug: str
    cases: list[Case]
    total: int


@dataclass(frozen=True)
class Dashboard:
    queues: list[Queue]
    by_priority: list[tuple[str, int]]


def _granted(user: User) -> Exists:
    return readable_here(user)


def _filters(user: User, now: datetime) -> dict[str, tuple[Q, tuple[str, ...]]]:
    """Each queue's condition and order; each order follows an index of `Case.Meta` to its end
    (ties go to the case that came first, which is also the index's own order), so that the
    database reads the first rows in order and never sorts."""
    return {
        "crises": (Q(priority="P1"), ("ack_due", "id")),
        "breaching": (
            Q(acknowledged_at__isnull=True, ack_due__lte=now + SOON),
            ("ack_due", "id"),
        ),
        "mine": (Q(assignee=user), ("priority", "ack_due", "id")),
        "unassigned": (Q(assignee__isnull=True), ("priority", "ack_due", "id")),
        "waiting": (Q(status=Status.WAITING), ("priority", "ack_due", "id")),
    }


class _Plans:
    """The open cases `user` holds a grant to, as two plans for the same rows: walking the
    cases' counting index and probing each grant (dense), or starting from the grants (sparse).
    Each base query is built once per page and cloned per queue: building a query's filters
    costs more than cloning it."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.built: dict[bool, QuerySet[Case]] = {}

    def open(self, *, dense: bool) -> QuerySet[Case]:
        if dense not in self.built:
            granted = (
                Case.objects.filter(_granted(self.user)) if dense else granted_cases(self.user)
            )
            self.built[dense] = granted.filter(OPEN)
        return self.built[dense]

    def listing(
        self, condition: Q, order: tuple[str, ...], *, dense: bool, summary: bool = False
    ) -> QuerySet[Case]:
        """One queue's cases in order. `summary`: every clear column and the assignee (the
        API's case summary); otherwise only what a queue row shows (`ROW_FIELDS`)."""
        listing = self.open(dense=dense).filter(condition).order_by(*order)
        if summary:
            return listing.defer(*HEAVY).select_related("assignee")
        return listing.only(*ROW_FIELDS)


def _case_span() -> int:
    """About how many cases exist: the highest id, read from the primary key's end at no cost.
    Deleted cases make it an overestimate, which only errs towards the join."""
    return Case.objects.aggregate(top=Max("id"))["top"] or 0


def _dense(matching: int, span: int) -> bool:
    return matching > 0 and matching * DENSE_SHARE >= span


def dashboard(user: User, now: datetime, *, summary: bool = False) -> Dashboard:
    """Five queues and the counts per priority: one aggregate query and one short list per queue.

    Each list is `LIMIT`ed and ordered along an index ((priority, ack_due), (assignee, priority),
    (ack_due)), so the database can stop after the rows it shows. `summary` loads each listed
    case whole (for the API); the page needs only `ROW_FIELDS`.
    """
    filters = _filters(user, now)
    counted = {slug: condition for slug, (condition, _) in filters.items() if slug != "crises"}
    span = _case_span()
    grants = reader_wraps(user).count()
    plans = _Plans(user)
    totals = plans.open(dense=_dense(grants, span)).aggregate(
        **{slug: Count("id", filter=condition) for slug, condition in counted.items()},
        **{p: Count("id", filter=Q(priority=p)) for p in PRIORITIES},
    )
    totals["crises"] = totals["P1"]
    queues = [
        Queue(
            slug=slug,
            cases=list(
                plans.listing(condition, order, dense=_dense(totals[slug], span), summary=summary)[
                    :LIMIT
                ]
            )
            if totals[slug]
            else [],
            total=totals[slug],
        )
        for slug, (condition, order) in filters.items()
    ]
    return Dashboard(queues=queues, by_priority=[(p, totals[p]) for p in PRIORITIES])


def queue_page(user: User, slug: str, now: datetime, page: int) -> tuple[list[Case], bool]:
    """One page (1-based) of one queue, and whether a next page exists. KeyError: no such queue."""
    condition, order = _filters(user, now)[slug]
    matching = granted_cases(user).filter(OPEN, condition).count()
    start = (page - 1) * PAGE
    listing = _Plans(user).listing(condition, order, dense=_dense(matching, _case_span()))
    rows = list(listing[start : start + PAGE + 1])
    return rows[:PAGE], len(rows) > PAGE


@dataclass(frozen=True)
class QueueRow:
    """A case as a queue lists it: labels resolved, times in the reader's zone, ready to print."""

    number: str
    href: str
    received: str
    status: str
    priority: str
    acknowledge_by: str  # "" once acknowledged
    acknowledged: bool
    emergency: bool
    threats: str


def display_rows(cases: list[Case], zone: ZoneInfo) -> list[QueueRow]:
    """Rows for a page. Dates are ISO 8601 (the same in every language); deadlines are shown in
    `zone`, the reader's own. Labels come from one lookup table per call, not per row."""
    statuses = {value: str(label) for value, label in Status.choices}
    # One reverse() per page, not per row: case numbers are [A-Z0-9-], safe in a path as they are.
    href = reverse("cases:detail", args=["RD-0"]).replace("RD-0", "{}")
    threats = {value: str(label) for value, label in ThreatType.choices}
    return [
        QueueRow(
            number=case.number,
            href=href.format(case.number),
            received=case.created_on.isoformat(),
            status=statuses.get(case.status, case.status),
            priority=case.priority or "—",
            acknowledge_by=(
                ""
                if case.acknowledged_at or case.ack_due is None
                else case.ack_due.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            ),
            acknowledged=case.acknowledged_at is not None,
            emergency=case.emergency,
            threats=", ".join(threats.get(code, code) for code in case.threat_types),
        )
        for case in cases
    ]


_ROW = (
    '<tr{}><td><a href="{}">{}</a></td><td><time datetime="{}">{}</time></td><td>{}</td>'
    "<td>{}</td><td>{}</td><td>{}</td></tr>\n"
)


def rows_html(rows: list[QueueRow]) -> SafeString:
    """The table rows of a queue, escaped by `format_html`. Built here rather than in a template
    loop: the dashboard prints fifty rows on every visit, and a template costs ten times more
    per row (bench/queues_bench.py)."""
    acknowledged = _("acknowledged")
    return format_html_join(
        "",
        _ROW,
        (
            (
                mark_safe(' class="emergency"') if row.emergency else "",
                row.href,
                row.number,
                row.received,
                row.received,
                row.status,
                row.priority,
                acknowledged if row.acknowledged else (row.acknowledge_by or "—"),
                row.threats,
            )
            for row in rows
        ),
    )


@dataclass(frozen=True)
class UnreadCase:
    """Clear metadata of a new case the viewer holds no key to, without its number: that a report
    arrived and how urgent it is, not which case it is (a number the viewer cannot open would
    still tell an insider which cases exist beyond their grants)."""

    created_on: object
    priority: str
    priority_label: str
    status_label: str
    threat_labels: list[str]


@dataclass(frozen=True)
class Unread:
    cases: list[UnreadCase]
    total: int


def unread_new_cases(user: User) -> Unread:
    """The new cases `user` cannot read, most urgent first (at most `LIMIT`), and how many.

    So that the team sees a new report exists even when nobody present holds its key (a report is
    wrapped only to the handlers active when it arrived): they can ask a reader for access, or the
    on-call handler. Clear metadata only, and no case numbers.
    """
    unread = Case.objects.filter(status=Status.NEW).exclude(readable_here(user))
    total = unread.count()
    rows = unread.order_by("priority", "created_on", "id").values_list(
        "created_on", "priority", "status", "threat_types"
    )[:LIMIT]
    threat = dict(ThreatType.choices)
    return Unread(
        cases=[
            UnreadCase(
                created_on=created_on,
                priority=priority,
                priority_label=str(Priority(priority).label) if priority else "",
                status_label=str(Status(status).label),
                threat_labels=[str(threat.get(code, code)) for code in threats],
            )
            for created_on, priority, status, threats in rows
        ],
        total=total,
    )
