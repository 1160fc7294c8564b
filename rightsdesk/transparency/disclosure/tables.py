"""Count tables with their margins: what a release publishes, before any rule is applied.

A table is one-way (a list of counts and their total: demands by country) or two-way (rows by
columns, with a total for every row, every column and the whole: demands by country and type).
Every number the table publishes is a `Cell`: an inside cell `(row, col)`, a row's total
`(row, None)`, a column's total `(None, col)` or the grand total `(None, None)`. A one-way table
publishes its inside cells `(row, 0)` and the grand total only (a row's total would be the same
number again).

Each published number is the sum of some inside cells (its `support`); the rules and the audit
work on that view, so totals are protected exactly like inside cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple


class Cell(NamedTuple):
    """A published number's place: `None` stands for "the total" on that axis."""

    row: int | None
    col: int | None

    @property
    def inside(self) -> bool:
        return self.row is not None and self.col is not None


GRAND = Cell(None, None)


@dataclass(frozen=True)
class CountTable:
    """Counts with labels; margins are computed, never given, so they always add up.

    `rows` and `cols` are stable keys (a country code, "region:155", "2026-03", "2026-Q1", a
    vocabulary value), not display text: the pages name them in the reader's language.
    """

    name: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    one_way: bool = False

    def __post_init__(self) -> None:
        if not self.rows or not self.cols:
            raise ValueError(f"table {self.name!r} has no rows or no columns")
        if self.one_way and len(self.cols) != 1:
            raise ValueError(f"one-way table {self.name!r} has more than one column")
        if len(set(self.rows)) != len(self.rows) or len(set(self.cols)) != len(self.cols):
            raise ValueError(f"table {self.name!r} repeats a label")
        if len(self.counts) != len(self.rows):
            raise ValueError(f"table {self.name!r}: {len(self.counts)} rows of counts")
        for line in self.counts:
            if len(line) != len(self.cols):
                raise ValueError(f"table {self.name!r}: a row has {len(line)} counts")
            if any(type(n) is not int or n < 0 for n in line):
                raise ValueError(f"table {self.name!r}: counts are whole numbers from 0")

    @classmethod
    def one(cls, name: str, counts: dict[str, int] | list[tuple[str, int]]) -> CountTable:
        """A one-way table from (label, count) pairs in their order."""
        pairs = list(counts.items()) if isinstance(counts, dict) else list(counts)
        return cls(
            name=name,
            rows=tuple(label for label, _ in pairs),
            cols=("",),
            counts=tuple((n,) for _, n in pairs),
            one_way=True,
        )

    @classmethod
    def two(
        cls, name: str, rows: list[str], cols: list[str], counts: list[list[int]]
    ) -> CountTable:
        return cls(
            name=name,
            rows=tuple(rows),
            cols=tuple(cols),
            counts=tuple(tuple(line) for line in counts),
        )

    # -- the numbers ---------------------------------------------------------------------------

    @cached_property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(line) for line in self.counts)

    @cached_property
    def col_totals(self) -> tuple[int, ...]:
        return tuple(sum(line[j] for line in self.counts) for j in range(len(self.cols)))

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def value(self, cell: Cell) -> int:
        row, col = cell
        if row is not None and col is not None:
            return self.counts[row][col]
        if row is not None:
            return self.row_totals[row]
        if col is not None:
            return self.col_totals[col]
        return self.total

    # -- the shape -----------------------------------------------------------------------------

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        """Every published number, inside cells first (row by row), then the margins."""
        inside = [Cell(i, j) for i in range(len(self.rows)) for j in range(len(self.cols))]
        if self.one_way:
            return (*inside, GRAND)
        row_totals = [Cell(i, None) for i in range(len(self.rows))]
        col_totals = [Cell(None, j) for j in range(len(self.cols))]
        return (*inside, *row_totals, *col_totals, GRAND)

    def support(self, cell: Cell) -> tuple[Cell, ...]:
        """The inside cells whose sum `cell` publishes."""
        row, col = cell
        rows = range(len(self.rows)) if row is None else (row,)
        cols = range(len(self.cols)) if col is None else (col,)
        return tuple(Cell(i, j) for i in rows for j in cols)

    def index(self, cell: Cell) -> int:
        """An inside cell's place in row-major order."""
        if cell.row is None or cell.col is None:
            raise ValueError("a total has no place among the inside cells")
        return cell.row * len(self.cols) + cell.col

    @cached_property
    def groups(self) -> tuple[tuple[Cell, ...], ...]:
        """The additive relations a reader can subtract along: each group is a total followed
        by the numbers it is the sum of (a row, a column, the row totals, the column totals)."""
        n, m = len(self.rows), len(self.cols)
        if self.one_way:
            return ((GRAND, *(Cell(i, 0) for i in range(n))),)
        found = [(Cell(i, None), *(Cell(i, j) for j in range(m))) for i in range(n)]
        found += [(Cell(None, j), *(Cell(i, j) for i in range(n))) for j in range(m)]
        found.append((GRAND, *(Cell(i, None) for i in range(n))))
        found.append((GRAND, *(Cell(None, j) for j in range(m))))
        return tuple(found)

    def groups_of(self, cell: Cell) -> Iterator[tuple[Cell, ...]]:
        return (group for group in self.groups if cell in group)

    def find(self, row: str | None, col: str | None) -> Cell | None:
        """The cell at these labels (None for a total), or None when the table has no such."""
        try:
            i = None if row is None else self.rows.index(row)
            j = None if col is None else self.cols.index(col)
        except ValueError:
            return None
        if self.one_way:
            j = 0 if i is not None else None
        return Cell(i, j)

    def labels(self, cell: Cell) -> tuple[str | None, str | None]:
        """The labels of `cell` (None for a total); one-way tables have no column label."""
        row = None if cell.row is None else self.rows[cell.row]
        col = None if cell.col is None or self.one_way else self.cols[cell.col]
        return row, col
