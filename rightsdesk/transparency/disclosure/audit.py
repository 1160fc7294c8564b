"""The audit: for every suppressed number, the range a reader can work out from everything
published, and whether that range is wide enough.

The reader is assumed to know the rules (and this code): a "fewer than k" count lies in 1..k-1,
a number hidden to protect it was a shown count, so at least k, a withheld one is at least 1
(zeros are always shown), and a zero is a zero. Those facts
go into the system with the shown numbers. Requirements: a small count's range is at least
`rules.protection` wide; any other hidden number is at least not one exact value.

Across two releases over growing data (the new one counts everything the old one did, and more:
a year after its first half, a corrected re-issue), the reader also knows that no count went
down. Then the numbers of both releases, and every difference between them that is a small count
of its own (what happened in between), must keep their ranges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rightsdesk.transparency.disclosure.lp import INF, Form, System, iter_ranges, ranges
from rightsdesk.transparency.disclosure.rules import Protected, Status
from rightsdesk.transparency.disclosure.tables import Cell, CountTable


class Where(StrEnum):
    TABLE = "table"  # the release's own table
    EARLIER = "earlier"  # the earlier release's table, read together with this one
    DIFFERENCE = "difference"  # this table minus the earlier one


@dataclass(frozen=True)
class Finding:
    """A suppressed number whose range is too narrow: `low`..`high` (None: unbounded)."""

    cell: Cell
    where: Where
    low: int
    high: int | None
    needed: int

    @property
    def width(self) -> float:
        return INF if self.high is None else self.high - self.low


def _publish(system: System, protected: Protected, first: int) -> None:
    """What the release tells a reader, as facts about the variables from `first` on."""
    table, k = protected.table, protected.rules.threshold
    for cell in table.cells:
        form = _form(table, cell, first)
        status = protected.status(cell)
        if status is Status.SHOWN:
            value = float(table.value(cell))
            system.bound(form, value, value)
        elif status is Status.SMALL:
            system.bound(form, 1.0, float(k - 1))
        elif status is Status.WITHHELD:
            system.bound(form, 1.0, INF)  # zeros are always shown
        else:
            system.bound(form, float(k), INF)


def _form(table: CountTable, cell: Cell, first: int, sign: float = 1.0) -> Form:
    return tuple((first + table.index(c), sign) for c in table.support(cell))


def _needed(protected: Protected, cell: Cell) -> int:
    return protected.rules.protection if cell in protected.under_threshold else 1


def intervals(protected: Protected) -> dict[Cell, tuple[int, int | None]]:
    """The range of every suppressed number, given the release alone."""
    system = System()
    table = protected.table
    first = system.variables(len(table.rows) * len(table.cols))
    _publish(system, protected, first)
    cells = [cell for cell in table.cells if cell in protected.suppressed]
    found = ranges(system, [_form(table, cell, first) for cell in cells])
    return dict(zip(cells, found, strict=True))


def audit(protected: Protected) -> list[Finding]:
    """The suppressed numbers a reader can pin down too closely from this release alone."""
    return [
        Finding(cell, Where.TABLE, low, high, _needed(protected, cell))
        for cell, (low, high) in intervals(protected).items()
        if high is not None and high - low < _needed(protected, cell)
    ]


def first_failure(protected: Protected, first: Iterable[Cell] = ()) -> Finding | None:
    """The first suppressed number pinned down too closely, or None (then `audit` is empty).
    Asks about `first` before the others, then small counts before hidden ones: the loop in
    `suppress.protect` passes the cell that failed last time, which usually fails again."""
    table = protected.table
    system = System()
    start = system.variables(len(table.rows) * len(table.cols))
    _publish(system, protected, start)
    order = {cell: n for n, cell in enumerate(table.cells)}
    early = [cell for cell in first if cell in protected.suppressed]
    rest = sorted(
        protected.suppressed - set(early),
        key=lambda cell: (cell not in protected.under_threshold, order[cell]),
    )
    cells = [*dict.fromkeys(early), *rest]
    forms = [_form(table, cell, start) for cell in cells]
    for cell, (low, high) in zip(cells, iter_ranges(system, forms), strict=False):
        needed = _needed(protected, cell)
        if high is not None and high - low < needed:
            return Finding(cell, Where.TABLE, low, high, needed)
    return None


def same_shape(earlier: CountTable, later: CountTable) -> bool:
    return (earlier.rows, earlier.cols, earlier.one_way) == (later.rows, later.cols, later.one_way)


def audit_difference(earlier: Protected, later: Protected, *, whole: bool = True) -> list[Finding]:
    """What the two releases give away together, when `later` counts all `earlier` did and
    more. The caller has aligned the tables (same labels, same roll-ups; see `rollup`).
    `whole=False` solves the LP relaxation only: faster, and its ranges can only be wider, so
    it finds fewer failures; `protect` uses it inside its loop and checks whole numbers last."""
    old, new = earlier.table, later.table
    if not same_shape(old, new):
        raise ValueError(f"tables {old.name!r} and {new.name!r} differ in labels")
    size = len(old.rows) * len(old.cols)
    system = System(whole=whole)
    o = system.variables(size)
    n = system.variables(size)
    _publish(system, earlier, o)
    _publish(system, later, n)
    for index in range(size):  # no count goes down
        system.bound(((n + index, 1.0), (o + index, -1.0)), 0.0, INF)
    k = later.rules.threshold
    asks: list[tuple[Cell, Where, int]] = []
    forms: list[Form] = []
    for cell in new.cells:
        if cell in earlier.suppressed:
            asks.append((cell, Where.EARLIER, _needed(earlier, cell)))
            forms.append(_form(old, cell, o))
        if cell in later.suppressed:
            asks.append((cell, Where.TABLE, _needed(later, cell)))
            forms.append(_form(new, cell, n))
        change = new.value(cell) - old.value(cell)
        if 0 < change < k:
            asks.append((cell, Where.DIFFERENCE, later.rules.protection))
            forms.append(_form(new, cell, n) + _form(old, cell, o, -1.0))
    found = ranges(system, forms)
    return [
        Finding(cell, where, low, high, needed)
        for (cell, where, needed), (low, high) in zip(asks, found, strict=True)
        if high is not None and high - low < needed
    ]
