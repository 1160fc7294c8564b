"""The CSV in the shape of the Wikimedia Foundation's transparency report (docs/transparency.md,
"What is published"), written from a release's frozen `published` cells only: every number in
it is a number a table of the release publishes, with that number's status. Nothing is added up
here, so nothing the rules suppressed can come back through this file.

The sections follow the report's "Requests for user data" page (requests by kind: informal
non-government and government requests, civil, criminal and administrative subpoenas, search
warrants, court orders, national security requests; information produced; user accounts
potentially affected, actually affected and notified), its emergency disclosures, its content
alteration and takedown requests, and its requests by country.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from rightsdesk.core.csvsafe import Writer
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.tables import registry

FIELDS = (
    "period_start",
    "period_end",
    "section",
    "country_or_region",
    "request_kind",
    "measure",
    "value",
    "status",
)
ALL = "all"  # the request_kind of a line that counts every kind
EMERGENCY = "emergency"  # an instrument: its row goes to the emergency disclosures
REQUESTS = "requests"
USER_DATA = "user_data_requests"

Line = tuple[str, str, str, str, Any]  # section, country, kind, measure, published cell


def _cells(entry: dict[str, Any]) -> dict[tuple[int | None, int | None], list[Any]]:
    return {(r, c): [status, value] for r, c, status, value in entry["cells"]}


def _by_kind(section: str, entry: dict[str, Any]) -> Iterator[Line]:
    """A table of instruments by outcome: per kind, the requests (its row total) and each
    outcome; then every kind together (the column totals, the grand total)."""
    cells = _cells(entry)
    for i, kind in enumerate(entry["rows"]):
        # the report counts emergency disclosures of user data apart from the requests
        emergency = kind == EMERGENCY and section == USER_DATA
        where = "emergency_disclosures" if emergency else section
        yield where, "", kind, REQUESTS, cells[(i, None)]
        for j, col in enumerate(entry["cols"]):
            yield where, "", kind, col, cells[(i, j)]
    yield section, "", ALL, REQUESTS, cells[(None, None)]
    for j, col in enumerate(entry["cols"]):
        yield section, "", ALL, col, cells[(None, j)]


def _by_country(section: str, entry: dict[str, Any]) -> Iterator[Line]:
    cells = _cells(entry)
    for i, country in enumerate(entry["rows"]):
        yield section, country, ALL, REQUESTS, cells[(i, 0)]
    yield section, "", ALL, REQUESTS, cells[(None, None)]


# the accounts tables: which column is which of the report's measures (the row total of the
# first is the accounts potentially affected: every account the demands named)
ACCOUNTS = {"demand_accounts": ("affected", "actually_affected"),
            "demand_notified": ("notified", "notified")}  # fmt: skip


def _accounts(section: str, entry: dict[str, Any]) -> Iterator[Line]:
    cells = _cells(entry)
    column, measure = ACCOUNTS[entry["name"]]
    j = entry["cols"].index(column)
    named = entry["name"] == "demand_accounts"
    for i, kind in enumerate(entry["rows"]):
        if named:
            yield section, "", kind, "potentially_affected", cells[(i, None)]
        yield section, "", kind, measure, cells[(i, j)]
    if named:
        yield section, "", ALL, "potentially_affected", cells[(None, None)]
    yield section, "", ALL, measure, cells[(None, j)]


def _lines(release: Release) -> Iterator[Line]:
    for entry in release.published["tables"]:
        definition = registry().get(entry["name"])
        section = definition.wikimedia if definition is not None else ""
        if not section or "noise" in entry:
            continue
        if entry["name"] in ACCOUNTS:
            yield from _accounts(section, entry)
        elif entry["one_way"]:
            yield from _by_country(section, entry)
        else:
            yield from _by_kind(section, entry)


def wikimedia_csv(release: Release) -> str:
    """One line per published number of the tables that name a section: `value` is empty
    unless `status` is "shown" ("fewer_than_threshold" or "hidden" say why)."""
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(FIELDS)
    for section, country, kind, measure, (status, value) in _lines(release):
        shown = status == "shown" and value is not None
        writer.writerow(
            (
                release.start.isoformat(),
                release.end.isoformat(),
                section,
                country,
                kind,
                measure,
                str(value) if shown else "",
                "shown" if shown else ("fewer_than_threshold" if status == "small" else "hidden"),
            )
        )
    return out.getvalue()
