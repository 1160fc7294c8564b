"""Coarsening before suppression: small countries into their region, months into quarters.

Suppression hides numbers; coarsening keeps them, counted together. A small country (its total,
or each of its counts, under the threshold; zero included) is counted in its UN M49
sub-region, as the row "<region> (other countries)"; a quarter in which any month's column would
show a small count is shown as the quarter. What is merged is decided on the counts and then
the merged table goes through suppression like any other (a region of one small country is
still a small count).

Countries with nothing to count are folded too: a table that listed every country with a zero
but left some out would tell the reader that those were the small ones.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from rightsdesk.core.regions import region_of as m49_region_of
from rightsdesk.transparency.disclosure.rules import RuleSet
from rightsdesk.transparency.disclosure.tables import CountTable

REGION_PREFIX = "region:"


@dataclass(frozen=True)
class Merge:
    """Labels counted together under `into` (for the release's note and the next release)."""

    into: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Coarsened:
    table: CountTable
    merges: tuple[Merge, ...]


def merge(table: CountTable, groups: Mapping[str, str], *, axis: str) -> Coarsened:
    """`table` with the rows (axis "rows") or columns ("cols") named in `groups` added up under
    their group's label, at the place of the group's first member; others are kept."""
    labels = table.rows if axis == "rows" else table.cols
    order: list[str] = []
    members: dict[str, list[str]] = {}
    for label in labels:
        into = groups.get(label, label)
        if into not in members:
            order.append(into)
            members[into] = []
        members[into].append(label)
    where = {label: order.index(groups.get(label, label)) for label in labels}
    if axis == "rows":
        sums = [[0] * len(table.cols) for _ in order]
        for i, label in enumerate(table.rows):
            for j, n in enumerate(table.counts[i]):
                sums[where[label]][j] += n
        merged = CountTable(table.name, tuple(order), table.cols, _freeze(sums), table.one_way)
    else:
        if table.one_way:
            raise ValueError("a one-way table has one column")
        sums = [[0] * len(order) for _ in table.rows]
        for i, line in enumerate(table.counts):
            for j, label in enumerate(table.cols):
                sums[i][where[label]] += line[j]
        merged = CountTable(table.name, table.rows, tuple(order), _freeze(sums))
    merges = tuple(
        Merge(into, tuple(members[into]))
        for into in order
        if len(members[into]) > 1 or members[into] != [into]
    )
    return Coarsened(merged, merges)


def _freeze(sums: list[list[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(line) for line in sums)


def roll_up_countries(
    table: CountTable,
    rules: RuleSet,
    *,
    also: Collection[str] = (),
    region_of: Callable[[str], str | None] = m49_region_of,
) -> Coarsened:
    """Rows labelled by ISO 3166-1 country codes are counted in their region when the country
    is small: its total is under the threshold (zero included), or every non-zero count in its
    row is (nothing of it but the total would be shown); and when they are in `also` (folded in
    the earlier release, so the pattern stays). A large country with one small cell keeps its
    row (that cell is suppressed): folding it alone would rename it, not hide it."""
    groups = {}
    for i, label in enumerate(table.rows):
        region = region_of(label)
        if region is None:
            continue
        line = table.counts[i]
        if (
            label in also
            or table.row_totals[i] < rules.threshold
            or all(rules.small(n) for n in line if n)
        ):
            groups[label] = REGION_PREFIX + region
    return merge(table, groups, axis="rows")


def quarter_of(month: str) -> str | None:
    """ "2026-03" -> "2026-Q1"; None for anything that is not a month."""
    if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit():
        return None
    number = int(month[5:])
    if not 1 <= number <= 12:
        return None
    return f"{month[:4]}-Q{(number - 1) // 3 + 1}"


def roll_up_months(table: CountTable, rules: RuleSet, *, also: Collection[str] = ()) -> Coarsened:
    """Columns labelled "YYYY-MM" (a two-way table) or rows (a one-way one): every month of a
    quarter is merged into the quarter when any of them has a small count in it, its total
    included, or when the quarter is in `also` (merged in the earlier release)."""
    axis = "rows" if table.one_way else "cols"
    labels = table.rows if table.one_way else table.cols
    small_quarters = set(also)
    for index, label in enumerate(labels):
        quarter = quarter_of(label)
        if quarter is None:
            continue
        if table.one_way:
            counts = [table.counts[index][0]]
        else:
            counts = [line[index] for line in table.counts] + [table.col_totals[index]]
        if any(rules.small(n) for n in counts):
            small_quarters.add(quarter)
    groups = {}
    for label in labels:
        quarter = quarter_of(label)
        if quarter is not None and quarter in small_quarters:
            groups[label] = quarter
    return merge(table, groups, axis=axis)
