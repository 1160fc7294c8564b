"""Tables of threat reports, from a case's clear metadata only (docs/security/crypto.md,
"Cases"): the day received, threat types, country, priority, status, and the acknowledgement
deadline with when it was met. Never a case's content."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models import Case
from rightsdesk.cases.vocabulary import Priority, Status, ThreatType
from rightsdesk.transparency.disclosure import CountTable, LinkSpec, label_name
from rightsdesk.transparency.tables import TableDef, choice_names

UNSET = "unset"
UNKNOWN = "unknown"
ON_TIME, LATE, OPEN = "on_time", "late", "not_answered"
PRIORITIES = [*Priority.values, UNSET]


def _received(start: date, end: date):  # type: ignore[no-untyped-def]
    return Case.objects.filter(created_on__gte=start, created_on__lt=end)


def by_threat_type(start: date, end: date) -> CountTable:
    """Each report counts once under every threat type it names (a report may name several)."""
    seen: Counter[str] = Counter()
    for types in _received(start, end).values_list("threat_types", flat=True):
        seen.update(t for t in set(types or ()) if t in ThreatType.values)
    return CountTable.one("threat_types", [(code, seen[code]) for code in ThreatType.values])


def by_country(start: date, end: date) -> CountTable:
    """Rows: the countries with any report in the period (the rules fold small ones into
    their region); reports without a country are "unknown"."""
    rows = Counter(
        dict(
            _received(start, end)
            .values_list("country")
            .annotate(n=Count("id"))
            .values_list("country", "n")
        )
    )
    pairs = sorted((code or UNKNOWN, n) for code, n in rows.items() if code)
    if rows.get(""):
        pairs.append((UNKNOWN, rows[""]))
    return CountTable.one("regions", pairs or [(UNKNOWN, 0)])


def _one_way(name: str, field: str, codes: list[str], start: date, end: date) -> CountTable:
    found = dict(
        _received(start, end).values_list(field).annotate(n=Count("id")).values_list(field, "n")
    )
    return CountTable.one(
        name, [(code, found.get(code if code != UNSET else "", 0)) for code in codes]
    )


def by_priority(start: date, end: date) -> CountTable:
    return _one_way("priorities", "priority", PRIORITIES, start, end)


def by_status(start: date, end: date) -> CountTable:
    return _one_way("statuses", "status", list(Status.values), start, end)


def first_answer(start: date, end: date) -> CountTable:
    """Reports received in the period by priority: acknowledged by the promised deadline, after
    it, or not yet (counted on the day the release is drafted)."""
    counts = {p: {ON_TIME: 0, LATE: 0, OPEN: 0} for p in PRIORITIES}
    for priority, due, done in _received(start, end).values_list(
        "priority", "ack_due", "acknowledged_at"
    ):
        line = counts[priority or UNSET]
        if done is None:
            line[OPEN] += 1
        elif due is None or done <= due:
            line[ON_TIME] += 1
        else:
            line[LATE] += 1
    cols = [ON_TIME, LATE, OPEN]
    return CountTable.two(
        "first_answer", PRIORITIES, cols, [[counts[p][c] for c in cols] for p in PRIORITIES]
    )


def quarters_of(start: date, end: date) -> list[str]:
    """The quarters from `start` (a quarter's first day) until `end`: "2025-Q4", "2026-Q1"..."""
    quarters: list[str] = []
    day = start
    while day < end:
        quarters.append(quarter_of(day))
        month = day.month + 3
        day = date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
    return quarters


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def by_quarter(start: date, end: date) -> CountTable:
    """The board's trend: reports by priority in each quarter of the window (each report in
    one cell: its priority, the quarter it was received)."""
    quarters = quarters_of(start, end)
    counts = {p: dict.fromkeys(quarters, 0) for p in PRIORITIES}
    for priority, received in _received(start, end).values_list("priority", "created_on"):
        key = quarter_of(received)
        if key in counts[priority or UNSET]:
            counts[priority or UNSET][key] += 1
    return CountTable.two(
        "trend", PRIORITIES, quarters, [[counts[p][q] for q in quarters] for p in PRIORITIES]
    )


def _names(key: str) -> str:
    extra = {
        UNSET: gettext("No priority yet"),
        UNKNOWN: gettext("Country not known"),
        ON_TIME: gettext("Answered in time"),
        LATE: gettext("Answered late"),
        OPEN: gettext("Not answered yet"),
    }
    if key in extra:
        return extra[key]
    for choices in (ThreatType.choices, Priority.choices, Status.choices):
        found = dict(choices).get(key)
        if found is not None:
            return str(found)
    return label_name(key)


def tables() -> list[TableDef]:
    return [
        TableDef(
            "threat_types",
            _("Threat reports received, by threat type"),
            _("Threat type"),
            _("Reports"),
            by_threat_type,
            names=choice_names(ThreatType.choices),
        ),
        TableDef(
            "regions",
            _("Threat reports received, by country or region"),
            _("Country or region"),
            _("Reports"),
            by_country,
            names=_names,
            countries=True,
            wikimedia="threat_reports",
            links=(LinkSpec("regions", "grand", "priorities", "grand"),),
        ),
        TableDef(
            "priorities",
            _("Threat reports received, by priority"),
            _("Priority"),
            _("Reports"),
            by_priority,
            names=_names,
        ),
        TableDef(
            "statuses",
            _("Threat reports received, by where they stand now"),
            pgettext_lazy("case", "Status"),
            _("Reports"),
            by_status,
            names=_names,
            links=(LinkSpec("statuses", "grand", "priorities", "grand"),),
        ),
        TableDef(
            "first_answer",
            _("Time to first answer, against the deadline promised for each priority"),
            _("Priority"),
            _("First answer"),
            first_answer,
            names=_names,
            links=(LinkSpec("first_answer", "rows", "priorities", "rows"),),
        ),
        TableDef(
            "trend",
            _("Threat reports by priority, quarter by quarter"),
            _("Priority"),
            _("Quarter"),
            by_quarter,
            names=_names,
            audiences=("board",),
            trend=True,
            links=(LinkSpec("trend", "rows", "priorities", "rows"),),
        ),
    ]
