"""A release as readers see it, built from its frozen `published` cells only (never from live
data, never from the staff-only counts): tables in the reader's language, bars drawn on the
server, the CSV files, `datapackage.json` and the Wikimedia-shaped CSV.

A suppressed number is text ("fewer than 5", "hidden") wherever it appears; the value of a
suppressed cell is not in `published` at all.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _

from rightsdesk.core.csvsafe import Writer
from rightsdesk.transparency.disclosure import (
    BOARD,
    PUBLIC,
    Merge,
    Protected,
    release_note,
    release_notes,
)
from rightsdesk.transparency.disclosure.rollup import REGION_PREFIX
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.snapshots import merges_of, protected_of
from rightsdesk.transparency.tables import registry
from rightsdesk.transparency.trends import NOISY, TrendChart, cells_grid, chart, is_noisy
from rightsdesk.transparency.wikimedia import FIELDS as WIKIMEDIA_FIELDS
from rightsdesk.transparency.wikimedia import wikimedia_csv

CSV_FIELDS = ("row_key", "row", "column_key", "column", "count", "status")


@dataclass(frozen=True)
class ShownCell:
    status: str  # shown, small, hidden, noisy (shown, with noise: see the table's `noise`)
    value: int | None
    text: str


@dataclass(frozen=True)
class Bar:
    label: str
    cell: ShownCell
    percent: float  # 0 for a suppressed number: no bar is drawn, the text stands instead

    @property
    def x_rtl(self) -> float:
        """Where the bar starts in a right-to-left page (it grows from the right)."""
        return round(100 - self.percent, 1)


@dataclass(frozen=True)
class ShownTable:
    name: str
    title: str
    rows_label: str
    cols_label: str
    one_way: bool
    columns: list[str]
    body: list[tuple[str, list[ShownCell], ShownCell | None]]
    totals: list[ShownCell]
    grand: ShownCell
    bars: list[Bar]
    keys: list[tuple[str, str, str, str, ShownCell]]  # row key, row, col key, col, cell
    note: tuple[str, ...] = ()  # what was suppressed in this table and why
    chart: TrendChart | None = None  # a trend table's lines (instead of bars)
    noise: str = ""  # the epsilon, when the numbers were drawn with noise


def _text(status: str, value: int | None, threshold: int) -> str:
    if status == "small":
        return _("fewer than %(threshold)d") % {"threshold": threshold}
    if status not in ("shown", NOISY) or value is None:
        return pgettext("a published number", "hidden")
    return str(value)


def _namer(entry: dict[str, Any]) -> Any:
    definition = registry().get(entry["name"])
    stored = entry.get("labels", {})

    def name(key: str) -> str:
        if key == "":
            return ""
        if definition is not None:
            return definition.names(key)
        return gettext(stored[key]) if stored.get(key) else key

    return name


def shown_table(entry: dict[str, Any], threshold: int) -> ShownTable:
    definition = registry().get(entry["name"])
    name = _namer(entry)
    rows, cols = entry["rows"], entry["cols"]
    cells: dict[tuple[int | None, int | None], ShownCell] = {}
    for row, col, status, value in entry["cells"]:
        cells[(row, col)] = ShownCell(status, value, _text(status, value, threshold))
    one_way = bool(entry["one_way"])
    body = []
    for i, row in enumerate(rows):
        inside = [cells[(i, j)] for j in range(len(cols))]
        body.append((name(row), inside, None if one_way else cells[(i, None)]))
    totals = [] if one_way else [cells[(None, j)] for j in range(len(cols))]
    grand = cells[(None, None)]
    per_row = [line[1][0] if one_way else cells[(i, None)] for i, line in enumerate(body)]
    largest = max((c.value or 0 for c in per_row if c.status in ("shown", NOISY)), default=0)
    bars = [
        Bar(
            label,
            cell,
            round(100 * (cell.value or 0) / largest, 1)
            if cell.status in ("shown", NOISY) and largest
            else 0,
        )
        for (label, _inside, _total), cell in zip(body, per_row, strict=True)
    ]
    noise = str(entry.get("noise", {}).get("epsilon", ""))
    trend_chart = None
    if entry.get("trend"):
        names = [name(row) for row in rows]
        # the axis names each column by its key ("2026-Q1"): short in every language (the
        # quarters' names in Burmese or Arabic overlap at 360 px); the table below names them
        trend_chart = chart(names, list(cols), cells_grid(entry), noise or None)
    keys = []
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            keys.append((row, name(row), "" if one_way else col, name(col), cells[(i, j)]))
    return ShownTable(
        name=entry["name"],
        title=str(definition.title) if definition else gettext(entry["title"]),
        rows_label=str(definition.rows_label) if definition else gettext(entry["rows_label"]),
        cols_label=str(definition.cols_label) if definition else gettext(entry["cols_label"]),
        one_way=one_way,
        columns=[name(col) for col in cols],
        body=body,
        totals=totals,
        grand=grand,
        bars=[] if trend_chart is not None else bars,
        keys=keys,
        chart=trend_chart,
        noise=noise,
    )


def shown_tables(release: Release) -> list[ShownTable]:
    """Every table of the release, each with its own note (from the frozen snapshot)."""
    notes = table_notes(release)
    return [
        replace(shown_table(entry, release.threshold), note=tuple(notes.get(entry["name"], ())))
        for entry in release.published["tables"]
    ]


def _protected(release: Release) -> list[tuple[str, Protected, tuple[Merge, ...]]]:
    rules = PUBLIC if release.audience == "public" else BOARD
    titles = {entry["name"]: entry["title"] for entry in release.published["tables"]}
    found = []
    for name, data in release.snapshot.get("tables", {}).items():
        if is_noisy(data):
            continue  # not suppressed: its note says so (`table_notes`)
        definition = registry().get(name)
        # the note names each table by its title, in the reader's language
        title = str(definition.title) if definition else gettext(titles.get(name, name))
        found.append((name, protected_of(title, data, rules), merges_of(data)))
    return found


def notes(release: Release) -> list[str]:
    """The release's general note in the reader's language, from its frozen snapshot: the rules,
    zeros, roll-ups. Each table's own note is on the table (`ShownTable.note`); the English
    text drafted with the release is `release.notes`."""
    tables = [(protected, merges) for _name, protected, merges in _protected(release)]
    lines = release_notes(tables[:1], kept_pattern=release.earlier_id is not None)[:1]
    lines.append(gettext("Zero means none: it is always shown."))
    if any(merge.into.startswith(REGION_PREFIX) for _p, merges in tables for merge in merges):
        lines.append(
            gettext(
                "Countries with fewer than %(threshold)d (in all, or of any kind) are counted "
                "in their region, as “other countries”."
            )
            % {"threshold": release.threshold}
        )
    if release.earlier_id is not None:
        lines.append(
            gettext("Numbers hidden in the earlier release stay hidden unless they are zero.")
        )
    return lines


def note_record(release: Release) -> list[str]:
    """The whole note as one list (the general lines, then each table's under its title): what
    the release keeps, in the language active when called (English, on drafting)."""
    lines = notes(release)
    titles = {name: protected.table.name for name, protected, _m in _protected(release)}
    titles |= {name: title for name, title, _e in _noisy(release)}
    for name, table_lines in table_notes(release).items():
        lines += [f"{titles[name]}: {line}" for line in table_lines]
    return lines


def _noisy(release: Release) -> list[tuple[str, str, str]]:
    """The release's tables drawn with noise: name, title (reader's language), epsilon."""
    titles = {entry["name"]: entry.get("title", "") for entry in release.published["tables"]}
    found = []
    for name, data in release.snapshot.get("tables", {}).items():
        if is_noisy(data):
            definition = registry().get(name)
            title = str(definition.title) if definition else gettext(titles.get(name, name))
            found.append((name, title, str(data["epsilon"])))
    return found


def noise_note(title: str, epsilon: str) -> str:
    return gettext(
        "The numbers in “%(table)s” have random noise added (differential privacy, "
        "ε = %(epsilon)s): the trend is right, but no single number is exact. The noise was "
        "drawn once, when the release was drafted, and is never drawn again."
    ) % {"table": title, "epsilon": epsilon}


def table_notes(release: Release) -> dict[str, list[str]]:
    general = set(notes(release))
    found = {
        name: [line for line in release_note(protected, merges) if line not in general]
        for name, protected, merges in _protected(release)
    }
    for name, title, epsilon in _noisy(release):
        found[name] = [noise_note(title, epsilon)]
    order = [entry["name"] for entry in release.published["tables"]]
    return {name: found[name] for name in order if name in found}


def _count_and_status(cell: ShownCell) -> tuple[str, str]:
    if cell.status in ("shown", NOISY):
        return str(cell.value), cell.status
    return "", "fewer_than_threshold" if cell.status == "small" else "hidden"


def table_csv(table: ShownTable) -> str:
    """One table, a line per inside cell: keys and names, the count (empty when suppressed) and
    its status ("shown", "fewer_than_threshold", "hidden"). Totals are not repeated."""
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(CSV_FIELDS)
    for row_key, row, col_key, col, cell in table.keys:
        writer.writerow((row_key, row, col_key, col, *_count_and_status(cell)))
    return out.getvalue()


def datapackage(release: Release, tables: list[ShownTable]) -> dict[str, Any]:
    """A Frictionless Data Package descriptor for the zip."""
    fields = [
        {"name": "row_key", "type": "string"},
        {"name": "row", "type": "string"},
        {"name": "column_key", "type": "string"},
        {"name": "column", "type": "string"},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {
            "name": "status",
            "type": "string",
            "constraints": {"enum": ["shown", "fewer_than_threshold", "hidden", NOISY]},
        },
    ]
    resources = [
        {
            "name": table.name.replace("_", "-"),
            "title": table.title,
            "path": f"{table.name}.csv",
            "description": " ".join(table.note),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "missingValues": [""]},
        }
        for table in tables
    ]
    resources.append(
        {
            "name": "wikimedia-shape",
            "path": "wikimedia.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": name, "type": "integer" if name == "value" else "string"}
                    for name in WIKIMEDIA_FIELDS
                ],
                "missingValues": [""],
            },
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": f"rightsdesk-transparency-{release.slug}",
        "title": _("Transparency report %(period)s") % {"period": release.period},
        "version": f"{release.slug}+rules{release.rules_version}.{release.definition_hash}",
        "created": release.approved_at.isoformat() if release.approved_at else None,
        "description": " ".join(notes(release)),
        "resources": resources,
    }


def release_zip(release: Release) -> bytes:
    tables = shown_tables(release)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        package = datapackage(release, tables)
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
        for table in tables:
            archive.writestr(f"{table.name}.csv", table_csv(table))
        archive.writestr("wikimedia.csv", wikimedia_csv(release))
    return buffer.getvalue()
