"""The queue tables as the staff pages print them: sortable by a query parameter, priority as a
tag, dates in the one format of the reader's language (`rightsdesk.core.templatetags.rd_dates`).

Sorting is done on the server (`?sort=received`, `?sort=-priority`), so the tables sort with
JavaScript off. The dashboard shows each queue's most urgent `LIMIT` cases and sorts those; a
queue's own page sorts the whole queue in the database (`sorted_queue_page`) before paging.
Rows are built with `format_html_join`, not a template loop, for the reason given in
`queues.selectors.rows_html` (fifty rows on every visit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.queues.selectors import OPEN, PAGE, ROW_FIELDS, _filters
from rightsdesk.cases.selectors import granted_cases
from rightsdesk.cases.vocabulary import Status, ThreatType
from rightsdesk.core.templatetags.rd_dates import day_text, when_text

# Column key -> (heading, database order). The default is the queue's own order (urgency).
COLUMNS: dict[str, tuple[object, tuple[str, ...]]] = {
    "number": (gettext_lazy("Case"), ("number",)),
    "received": (gettext_lazy("Received"), ("created_on", "id")),
    "status": (gettext_lazy("Status"), ("status", "id")),
    "priority": (gettext_lazy("Priority"), ("priority", "ack_due", "id")),
    "due": (gettext_lazy("Acknowledge by"), ("ack_due", "id")),
}


@dataclass(frozen=True)
class Sort:
    """A parsed `?sort=`: which column, and whether descending. `key` "" is the queue's order."""

    key: str = ""
    descending: bool = False

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def order(self) -> tuple[str, ...]:
        fields = COLUMNS[self.key][1]
        return tuple(f"-{f}" for f in fields) if self.descending else fields


def parse_sort(raw: str | None) -> Sort:
    """`?sort=` as given, or the default order for anything unknown (never an error)."""
    raw = (raw or "").strip()
    key = raw.removeprefix("-")
    return Sort(key, raw.startswith("-")) if key in COLUMNS else Sort()


def sort_cases(cases: list[Case], sort: Sort) -> list[Case]:
    """Reorder rows already loaded (the dashboard's few per queue) as the database would."""
    if not sort.key:
        return cases
    fields = COLUMNS[sort.key][1]

    def key(case: Case) -> tuple[object, ...]:
        # None (no deadline, no priority) sorts last in either direction's natural order.
        return tuple((getattr(case, f) is None, getattr(case, f) or 0) for f in fields)

    present = [c for c in cases if getattr(c, fields[0]) not in (None, "")]
    missing = [c for c in cases if getattr(c, fields[0]) in (None, "")]
    return sorted(present, key=key, reverse=sort.descending) + missing


def sorted_queue_page(
    user: User, slug: str, now: datetime, page: int, sort: Sort
) -> tuple[list[Case], bool]:
    """One page of one queue in `sort`'s order (the queue's own order when none), and whether a
    next page exists. KeyError: no such queue. Clear metadata only, like every queue."""
    condition, order = _filters(user, now)[slug]
    listing = (
        granted_cases(user)
        .filter(OPEN, condition)
        .order_by(*(sort.order() if sort.key else order))
        .only(*ROW_FIELDS)
    )
    start = (page - 1) * PAGE
    rows = list(listing[start : start + PAGE + 1])
    return rows[:PAGE], len(rows) > PAGE


def headings(sort: Sort) -> SafeString:
    """The header row: each sortable column a link that sorts by it (again: the other way);
    the sorted column says so with `aria-sort` and an arrow."""
    cells: list[tuple[object, ...]] = []
    for key, (label, _order) in COLUMNS.items():
        active = sort.key == key
        target = f"-{key}" if active and not sort.descending else key
        state = ("descending" if sort.descending else "ascending") if active else ""
        arrow = ("▼" if sort.descending else "▲") if active else ""
        cells.append(
            (
                format_html(' aria-sort="{}"', state) if state else "",
                target,
                label,
                format_html(' <span aria-hidden="true">{}</span>', arrow) if arrow else "",
            )
        )
    return format_html(
        '<tr>{}<th scope="col">{}</th></tr>',
        format_html_join("", '<th scope="col"{}><a href="?sort={}">{}</a>{}</th>', cells),
        _("Threats"),
    )


_ROW = (
    '<tr{}><td><a href="{}">{}</a></td><td><time datetime="{}">{}</time></td><td>{}</td>'
    "<td>{}</td><td>{}</td><td>{}</td></tr>\n"
)


def table_rows(cases: list[Case]) -> SafeString:
    """The rows: priority as a tag, the deadline with its zone (the current one: the view
    renders in the reader's zone), threat types as words. Escaped by `format_html`."""
    statuses = {value: str(label) for value, label in Status.choices}
    threats = {value: str(label) for value, label in ThreatType.choices}
    href = reverse("cases:detail", args=["RD-0"]).replace("RD-0", "{}")
    acknowledged = _("acknowledged")

    def due(case: Case) -> SafeString | str:
        if case.acknowledged_at:
            return acknowledged
        if case.ack_due is None:
            return "—"
        text, zone = when_text(case.ack_due)
        return format_html(
            '<time datetime="{}">{} <span class="zone" dir="ltr">{}</span></time>',
            case.ack_due.isoformat(),
            text,
            zone,
        )

    def priority(case: Case) -> SafeString | str:
        if not case.priority:
            return "—"
        return format_html(
            '<span class="tag tag--{}">{}</span>', case.priority.lower(), case.priority
        )

    return format_html_join(
        "",
        _ROW,
        (
            (
                mark_safe(' class="emergency"') if case.emergency else "",
                href.format(case.number),
                case.number,
                case.created_on.isoformat(),
                day_text(case.created_on),
                statuses.get(case.status, case.status),
                priority(case),
                due(case),
                "; ".join(threats.get(code, code) for code in case.threat_types),
            )
            for case in cases
        ),
    )
