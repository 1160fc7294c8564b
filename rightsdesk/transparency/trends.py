"""Trend tables drawn with differential privacy (the optional mode; docs/transparency.md, "Noise").

A trend table (reports by priority, quarter by quarter) counts each record in exactly one inside
cell, so adding or removing one person's record moves the vector of inside cells by 1 in L1 and
`noise.noisy_counts` at scale 1/epsilon makes the whole table epsilon-DP; its margins are sums of
the noisy cells (post-processing, free). Such a table is not suppressed: it is noisy instead,
never both.

The noise is drawn once, on drafting, after `services.budget_spend` took the epsilon from the
year's ledger, inside the transaction that writes the release: a refusal anywhere (the budget
spent, another table failing the gate) writes neither the spend nor the release. The noisy
counts are frozen into `published` and the staff-only `snapshot` (with the true counts and the
spend); pages, CSV and API read them from there and never draw again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from rightsdesk.accounts.models import User
from rightsdesk.transparency.disclosure import CountTable
from rightsdesk.transparency.models import BudgetSpend
from rightsdesk.transparency.noise import noisy_counts
from rightsdesk.transparency.services import budget_spend
from rightsdesk.transparency.snapshots import Period, table_json

NOISY = "noisy"  # a published number's status: drawn with noise, shown


@dataclass(frozen=True)
class NoisyTable:
    """A trend table after its draw: the noisy counts, the true ones (staff only), the spend."""

    table: CountTable
    raw: CountTable
    spend: BudgetSpend

    @property
    def epsilon(self) -> Decimal:
        return Decimal(self.spend.epsilon)


def budget_year(period: Period) -> int:
    """The ledger a release spends from: the year of the period's last day."""
    return (period.end - timedelta(days=1)).year


def draw(raw: CountTable, *, actor: User, year: int, epsilon: Decimal, now: datetime) -> NoisyTable:
    """Spend `epsilon` of `year`'s budget for `raw`'s table, then draw its inside cells with
    noise, once. Call inside the release's transaction (a later refusal undoes the spend, and
    nothing drawn is kept). Raises `BudgetRefused` when the budget cannot cover it."""
    spend = budget_spend(actor=actor, year=year, epsilon=epsilon, table=raw.name, now=now)
    flat = [n for line in raw.counts for n in line]
    drawn = noisy_counts(flat, float(spend.epsilon))
    width = len(raw.cols)
    counts = tuple(tuple(drawn[i * width : (i + 1) * width]) for i in range(len(raw.rows)))
    table = CountTable(raw.name, raw.rows, raw.cols, counts, raw.one_way)
    return NoisyTable(table=table, raw=raw, spend=spend)


def noisy_published(noisy: NoisyTable) -> dict[str, Any]:
    """What leaves the server: every number (margins too) with status "noisy" and its value,
    and the epsilon the page labels the chart with."""
    table = noisy.table
    cells = [[cell.row, cell.col, NOISY, table.value(cell)] for cell in table.cells]
    return {
        "rows": list(table.rows),
        "cols": list(table.cols),
        "one_way": table.one_way,
        "cells": cells,
        "noise": {"epsilon": str(noisy.epsilon), "mechanism": "discrete Laplace (OpenDP)"},
    }


def noisy_snapshot(noisy: NoisyTable) -> dict[str, Any]:
    """The staff-only record: the noisy counts as published, the true counts, the spend."""
    return {
        **table_json(noisy.table),
        "raw": table_json(noisy.raw),
        "noisy": True,
        "epsilon": str(noisy.epsilon),
        "spend": noisy.spend.pk,
    }


def is_noisy(data: dict[str, Any]) -> bool:
    return bool(data.get("noisy"))


# -- the chart ---------------------------------------------------------------------------------

WIDTH, HEIGHT = 320.0, 160.0
# room at both ends for a quarter's name centred under its point (Arabic and Burmese names
# are wider than "2026-Q1")
LEFT, RIGHT, TOP, BOTTOM = 36.0, 36.0, 14.0, 24.0


@dataclass(frozen=True)
class Series:
    label: str
    index: int  # the colour class: series-0 ...
    segments: tuple[str, ...]  # SVG polyline points, "x,y x,y"; a suppressed number breaks one
    dots: tuple[tuple[float, float, str], ...]  # x, y, the number as text


@dataclass(frozen=True)
class TrendChart:
    """A line per row across the columns (quarters), drawn on the server as SVG (no script, no
    inline style: colours are CSS classes). `epsilon` is set when the numbers are noisy."""

    series: tuple[Series, ...]
    ticks: tuple[tuple[float, str], ...]  # x, column name
    top: int  # the largest number drawn (the y axis' top)
    epsilon: str | None
    width: float = WIDTH
    height: float = HEIGHT

    @property
    def baseline(self) -> float:
        return HEIGHT - BOTTOM

    @property
    def tick_y(self) -> float:
        return HEIGHT - 8

    @property
    def top_x(self) -> float:
        return LEFT

    @property
    def top_y(self) -> float:
        return TOP - 4


def chart(
    rows: list[str], cols: list[str], values: list[list[int | None]], epsilon: str | None
) -> TrendChart:
    """The chart of a trend table: `values[i][j]` the shown number (None: suppressed)."""
    drawn = [v for line in values for v in line if v is not None]
    top = max(drawn, default=0) or 1
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(cols) - 1, 1)
    xs = [round(LEFT + j * step, 1) for j in range(len(cols))]

    def y(value: int) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top), 1)

    series = []
    for i, (label, line) in enumerate(zip(rows, values, strict=True)):
        runs: list[list[str]] = [[]]
        dots = []
        for x, value in zip(xs, line, strict=True):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x},{y(value)}")
            dots.append((x, y(value), str(value)))
        segments = tuple(" ".join(run) for run in runs if len(run) > 1)
        series.append(Series(label, i % 6, segments, tuple(dots)))
    ticks = tuple(zip(xs, cols, strict=True))
    return TrendChart(tuple(series), ticks, top, epsilon)


def cells_grid(entry: dict[str, Any]) -> list[list[int | None]]:
    """The shown inside numbers of a published entry, None where suppressed."""
    found = {
        (r, c): value for r, c, status, value in entry["cells"] if r is not None and c is not None
    }
    return [
        [found.get((i, j)) for j in range(len(entry["cols"]))] for i in range(len(entry["rows"]))
    ]


__all__ = [
    "NOISY",
    "NoisyTable",
    "TrendChart",
    "budget_year",
    "cells_grid",
    "chart",
    "draw",
    "is_noisy",
    "noisy_published",
    "noisy_snapshot",
]
