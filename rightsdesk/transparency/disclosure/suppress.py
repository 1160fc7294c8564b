"""Primary and complementary suppression, audited, to a fixpoint.

1. Primary: every published number from 1 to threshold-1 (inside cells and totals alike).
2. Complementary, by a rule of thumb: any row, column or list of totals with exactly one
   suppressed number gets a second one, the smallest shown non-zero number in it (subtraction
   would give the first one back otherwise); repeated until no such group is left.
3. The audit (`audit.audit`, by linear programming) then asks, for each suppressed number, how
   closely the published facts pin it down. While any is pinned too closely, the smallest shown
   number next to it (same row, column or totals) is hidden as well and steps 2-3 run again.
   When every non-zero number is suppressed and one is still pinned down, it is by the flags
   themselves (2 + 1 + 1 under a total of "fewer than 5": the 2 is at most 2): a flagged small
   count, the widest first (the total), is then shown as "hidden" without its flag. Every step
   suppresses one more number or drops one flag, and a table with every non-zero number hidden
   and no flag passes the audit, so this ends.

With an earlier release of the same table, its suppressed cells are hidden again where they are
not zero (the same pattern across periods), and when the new table counts all the earlier one
did (`grows`), the two are audited together as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from rightsdesk.transparency.disclosure.audit import (
    Finding,
    audit,
    audit_difference,
    first_failure,
)
from rightsdesk.transparency.disclosure.refusals import DisclosureRefused
from rightsdesk.transparency.disclosure.rules import Protected, RuleSet
from rightsdesk.transparency.disclosure.tables import Cell, CountTable


def primary(table: CountTable, rules: RuleSet) -> frozenset[Cell]:
    return frozenset(cell for cell in table.cells if rules.small(table.value(cell)))


def carried(earlier: Protected, table: CountTable, rules: RuleSet) -> set[Cell]:
    """The earlier release's suppressed cells, where this table has them and they are neither
    zero nor small (those are shown as zero, or suppressed anyway)."""
    found = set()
    for cell in earlier.suppressed:
        here = table.find(*earlier.table.labels(cell))
        if here is not None and table.value(here) >= rules.threshold:
            found.add(here)
    return found


def _smallest(table: CountTable, candidates: Iterable[Cell]) -> Cell | None:
    order = {cell: n for n, cell in enumerate(table.cells)}
    return min(candidates, key=lambda cell: (table.value(cell), order[cell]), default=None)


def _shown_nonzero(table: CountTable, cells: Iterable[Cell], out: AbstractSet[Cell]) -> list[Cell]:
    return [cell for cell in cells if cell not in out and table.value(cell) > 0]


def complete(table: CountTable, small: frozenset[Cell], hidden: set[Cell]) -> set[Cell]:
    """Step 2: no row, column or list of totals is left with exactly one suppressed number."""
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for group in table.groups:
            out = small | hidden
            if sum(cell in out for cell in group) == 1:
                pick = _smallest(table, _shown_nonzero(table, group, out))
                if pick is not None:  # none only if the suppressed one is 0, which never is
                    hidden.add(pick)
                    changed = True
    return hidden


def _near(table: CountTable, cell: Cell) -> set[Cell]:
    return {other for group in table.groups_of(cell) for other in group}


def _next_to(table: CountTable, finding: Finding, out: AbstractSet[Cell]) -> Cell | None:
    pick = _smallest(table, _shown_nonzero(table, _near(table, finding.cell), out))
    if pick is None:
        pick = _smallest(table, _shown_nonzero(table, table.cells, out))
    return pick


def _to_withhold(table: CountTable, finding: Finding, flagged: set[Cell]) -> Cell | None:
    """A flagged small count to show as "hidden" instead: the widest first (a total before its
    cells), next to the finding if there is one, the finding itself last."""
    order = {cell: n for n, cell in enumerate(table.cells)}

    def widest(cells: set[Cell]) -> Cell | None:
        return min(
            cells,
            key=lambda c: (-len(table.support(c)), c == finding.cell, order[c]),
            default=None,
        )

    pick = widest(_near(table, finding.cell) & flagged)
    return pick if pick is not None else widest(flagged)


def protect(
    table: CountTable,
    rules: RuleSet,
    *,
    earlier: Protected | None = None,
    grows: bool = False,
    keep: AbstractSet[Cell] = frozenset(),
    withhold: AbstractSet[Cell] = frozenset(),
) -> Protected:
    """The table with every rule applied and audited. `earlier`: the same table's previous
    release (its pattern is kept); `grows`: this table counts all the earlier one did and more
    (the two are then audited together). `keep`, `withhold`: numbers another table of the
    release suppressed (`linked.protect_linked`): hidden here too (a count at least the
    threshold), or a small count shown as "hidden" here too. Refuses (naming the table and
    cell) only if hiding every non-zero number without any flag still leaves a suppressed
    number pinned down
    (never on a table alone; across releases, see docs/transparency.md)."""
    if grows and earlier is None:
        raise ValueError("a growing table needs the earlier release")
    small = primary(table, rules)
    hidden = carried(earlier, table, rules) if earlier is not None else set()
    hidden |= {cell for cell in keep if table.value(cell) >= rules.threshold}
    withheld: set[Cell] = {cell for cell in withhold if cell in small}
    last: list[Cell] = []
    while True:
        hidden = complete(table, small, hidden)
        result = Protected(
            table=table,
            rules=rules,
            small=small - withheld,
            hidden=frozenset(hidden),
            withheld=frozenset(withheld),
        )
        failure = first_failure(result, last)
        findings = [failure] if failure is not None else []
        if not findings and grows and earlier is not None:
            findings = audit_difference(earlier, result, whole=False)
            if not findings:
                findings = audit_difference(earlier, result)
        if not findings:
            return result
        last = [findings[0].cell]
        pick = _next_to(table, findings[0], small | hidden)
        if pick is not None:
            hidden.add(pick)
            continue
        pick = _to_withhold(table, findings[0], set(small - withheld))
        if pick is None:
            raise DisclosureRefused(table, findings[0].cell, where=findings[0].where)
        withheld.add(pick)


def check(protected: Protected, *, earlier: Protected | None = None, grows: bool = False) -> None:
    """The last gate before anything leaves the server, whatever produced `protected`: no
    shown number is small, every flag tells the truth, and the audits pass. Raises
    `DisclosureRefused` naming the table and the first cell at fault."""
    table, rules = protected.table, protected.rules
    for cell in table.cells:
        value = table.value(cell)
        if cell in protected.under_threshold and not rules.small(value):
            raise ValueError(f"{table.name}: {cell} is flagged small but is {value}")
        if cell not in protected.under_threshold and (
            rules.small(value) or (cell in protected.hidden and value < rules.threshold)
        ):
            # a small count shown, or hidden as if it were a large one (the audit assumes not)
            raise DisclosureRefused(table, cell)
    findings = audit(protected)
    if not findings and grows:
        if earlier is None:
            raise ValueError("a growing table needs the earlier release")
        findings = audit_difference(earlier, protected)
    if findings:
        raise DisclosureRefused(table, findings[0].cell, where=findings[0].where)


def margin(protected: Protected, name: str, *, axis: str = "rows") -> Protected:
    """The row totals (axis "rows") or column totals ("cols") of a protected two-way table as a
    one-way table of their own, with the same flags. A release that shows demands by country
    and kind and also by country publishes the second this way, never protected on its own: two
    tables protected apart could hide and show the same number, and a reader would combine them.
    """
    table = protected.table
    if table.one_way:
        raise ValueError("a one-way table is its own margin")
    labels = table.rows if axis == "rows" else table.cols
    totals = table.row_totals if axis == "rows" else table.col_totals
    one = CountTable.one(name, list(zip(labels, totals, strict=True)))

    def moved(cells: frozenset[Cell]) -> frozenset[Cell]:
        found = set()
        for cell in cells:
            if cell == Cell(None, None):
                found.add(cell)
            elif axis == "rows" and cell.row is not None and cell.col is None:
                found.add(Cell(cell.row, 0))
            elif axis == "cols" and cell.col is not None and cell.row is None:
                found.add(Cell(cell.col, 0))
        return frozenset(found)

    return Protected(
        table=one,
        rules=protected.rules,
        small=moved(protected.small),
        hidden=moved(protected.hidden),
        withheld=moved(protected.withheld),
    )
