"""A release's frozen tables as JSON, and back: what the rules decided (staff) and what is
published (everyone). No database here.

Cells are stored as [row, col] with null for "the total" on that axis (`disclosure.Cell`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rightsdesk.transparency.disclosure import (
    Cell,
    CountTable,
    DisclosureRefused,
    Merge,
    Protected,
    RuleSet,
    Status,
)
from rightsdesk.transparency.disclosure.rollup import REGION_PREFIX


def _cells(cells: frozenset[Cell]) -> list[list[int | None]]:
    return sorted(
        ([c.row, c.col] for c in cells), key=lambda rc: [(-1 if v is None else v) for v in rc]
    )


def table_json(table: CountTable) -> dict[str, Any]:
    return {
        "rows": list(table.rows),
        "cols": list(table.cols),
        "counts": [list(line) for line in table.counts],
        "one_way": table.one_way,
    }


def table_of(name: str, data: dict[str, Any]) -> CountTable:
    return CountTable(
        name=name,
        rows=tuple(data["rows"]),
        cols=tuple(data["cols"]),
        counts=tuple(tuple(line) for line in data["counts"]),
        one_way=bool(data["one_way"]),
    )


def protected_json(
    protected: Protected, raw: CountTable, merges: Sequence[Merge]
) -> dict[str, Any]:
    """The staff-only record of one table: the counts before and after the roll-ups, which
    numbers the rules suppressed, and what was merged."""
    return {
        **table_json(protected.table),
        "raw": table_json(raw),
        "small": _cells(protected.small),
        "hidden": _cells(protected.hidden),
        "withheld": _cells(protected.withheld),
        "merges": [[m.into, list(m.members)] for m in merges],
    }


def protected_of(name: str, data: dict[str, Any], rules: RuleSet) -> Protected:
    def cells(key: str) -> frozenset[Cell]:
        return frozenset(Cell(r, c) for r, c in data[key])

    return Protected(
        table=table_of(name, data),
        rules=rules,
        small=cells("small"),
        hidden=cells("hidden"),
        withheld=cells("withheld"),
    )


def merges_of(data: dict[str, Any]) -> tuple[Merge, ...]:
    return tuple(Merge(into, tuple(members)) for into, members in data.get("merges", ()))


def folded(data: dict[str, Any]) -> set[str]:
    """The countries an earlier release counted in their region (the roll-up's `also`)."""
    return {
        member
        for into, members in data.get("merges", ())
        if into.startswith(REGION_PREFIX)
        for member in members
    }


def published_json(protected: Protected) -> dict[str, Any]:
    """Exactly what leaves the server: labels, and for each number its status and, only when
    shown, its value. Refuses (naming the cell) if a shown number is under the threshold,
    whatever produced `protected` (the gate `check` ran before; this is the last look)."""
    rules = protected.rules
    cells = []
    for cell, status, shown in protected.published():
        if shown is not None and rules.small(shown):
            raise DisclosureRefused(protected.table, cell)
        # "withheld" is a small count shown as hidden: the public sees "hidden", nothing more
        public = Status.HIDDEN if status is Status.WITHHELD else status
        cells.append([cell.row, cell.col, str(public), shown])
    table = protected.table
    return {
        "rows": list(table.rows),
        "cols": list(table.cols),
        "one_way": table.one_way,
        "cells": cells,
    }


def reshape(protected: Protected, rows: Sequence[str], cols: Sequence[str]) -> Protected:
    """`protected` over other labels (a superset): missing ones count zero, shown. Two
    releases are compared cell by cell only with the same labels (disclosure.audit_difference);
    an earlier release that had no row for a country had zero there."""
    table = protected.table
    counts = []
    for row in rows:
        i = table.rows.index(row) if row in table.rows else None
        counts.append(
            tuple(
                table.counts[i][table.cols.index(col)] if i is not None and col in table.cols else 0
                for col in cols
            )
        )
    new = CountTable(table.name, tuple(rows), tuple(cols), tuple(counts), table.one_way)

    def moved(cells: frozenset[Cell]) -> frozenset[Cell]:
        found = set()
        for cell in cells:
            row, col = table.labels(cell)
            if table.one_way and cell.col is not None:
                col = cols[0]
            here = new.find(row, col)
            if here is not None:
                found.add(here)
        return frozenset(found)

    return Protected(
        new,
        protected.rules,
        moved(protected.small),
        moved(protected.hidden),
        moved(protected.withheld),
    )


def union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return [*first, *(label for label in second if label not in first)]


def pad(table: CountTable, rows: Sequence[str]) -> CountTable:
    """`table` with zero rows for labels it lacks (before the roll-up, so an earlier release's
    countries are rolled up the same way)."""
    extra = [row for row in rows if row not in table.rows]
    if not extra:
        return table
    return CountTable(
        table.name,
        (*table.rows, *extra),
        table.cols,
        (*table.counts, *((0,) * len(table.cols) for _ in extra)),
        table.one_way,
    )


# -- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date  # excluded


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def parse_period(audience: str, key: str) -> Period | None:
    """ "2026-H1" (public: January to June) or "2026-Q3" (board: the four quarters ending with
    it, Q4 2025 to Q3 2026); None for anything else."""
    key = key.strip().upper()
    if len(key) != 7 or key[4] != "-" or not key[:4].isdigit() or not key[6].isdigit():
        return None
    year, part, number = int(key[:4]), key[5], int(key[6])
    if not 2000 <= year <= 2999:
        return None
    if audience == "public" and part == "H" and number in (1, 2):
        start = date(year, 1 if number == 1 else 7, 1)
        end = date(year, 7, 1) if number == 1 else date(year + 1, 1, 1)
        return Period(key, start, end)
    if audience == "board" and part == "Q" and 1 <= number <= 4:
        end = _quarter_start(year, number + 1) if number < 4 else date(year + 1, 1, 1)
        first = number + 1 if number < 4 else 1
        start = _quarter_start(year - 1 if number < 4 else year, first)
        return Period(key, start, end)
    return None


def status_of(text: str) -> Status:
    return Status(text)
