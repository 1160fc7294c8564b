"""The disclosure rules as properties over random tables with totals (issue 15, "Done when"):
every shown number is zero or at least the threshold; no suppressed number can be worked out
(by the LP audit, and on tiny tables by searching every whole-number table that agrees with what
is published); two consecutive releases never give a small count away by difference; a single
demand in a small country over a half-year never appears as a 1."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.transparency.disclosure import (
    BOARD,
    PUBLIC,
    Cell,
    CountTable,
    Protected,
    RuleSet,
    Status,
    audit,
    audit_difference,
    check,
    margin,
    protect,
    release_note,
    roll_up_countries,
    roll_up_months,
    shown_text,
)
from rightsdesk.transparency.disclosure.audit import intervals

RULES = st.sampled_from([PUBLIC, BOARD])
# Counts skewed to the small ones, where the rules have work to do.
COUNT = st.one_of(st.integers(0, 6), st.integers(0, 40))
RULE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def tables(draw: st.DrawFn, max_rows: int = 5, max_cols: int = 4, count=COUNT) -> CountTable:  # type: ignore[no-untyped-def]
    if draw(st.booleans()):
        n = draw(st.integers(1, max_rows + 1))
        return CountTable.one("t", [(f"r{i}", draw(count)) for i in range(n)])
    n = draw(st.integers(1, max_rows))
    m = draw(st.integers(1, max_cols))
    counts = [[draw(count) for _ in range(m)] for _ in range(n)]
    return CountTable.two("t", [f"r{i}" for i in range(n)], [f"c{j}" for j in range(m)], counts)


def _bounds(result: Protected, cell: Cell) -> tuple[int, float]:
    k = result.rules.threshold
    status = result.status(cell)
    if status is Status.SHOWN:
        value = result.table.value(cell)
        return value, value
    if status is Status.SMALL:
        return 1, k - 1
    if status is Status.WITHHELD:
        return 1, float("inf")
    return k, float("inf")


def feasible_values(result: Protected, target: Cell, cap: int) -> set[int]:
    """Every value `target` takes over all whole-number tables (inside cells at most `cap`)
    that agree with what `result` publishes, read the way a reader knowing the rules reads it.
    A plain depth-first search over the inside cells, with no LP anywhere."""
    table = result.table
    inside = [cell for cell in table.cells if cell.inside]
    facts = [(table.support(cell), *_bounds(result, cell)) for cell in table.cells]
    found: set[int] = set()

    def search(assigned: dict[Cell, int]) -> None:
        for support, low, high in facts:
            done = sum(assigned[c] for c in support if c in assigned)
            left = sum(1 for c in support if c not in assigned)
            if done > high or done + left * cap < low:
                return
        if len(assigned) == len(inside):
            found.add(sum(assigned[c] for c in table.support(target)))
            return
        cell = inside[len(assigned)]
        status = result.status(cell)
        options: Sequence[int] = [table.value(cell)] if status is Status.SHOWN else range(cap + 1)
        for value in options:
            search({**assigned, cell: value})

    search({})
    return found


def test_feasible_values_finds_a_leak() -> None:
    """The brute-force reader works: without complements, the 1 comes back exactly."""
    table = CountTable.two("t", ["a", "b"], ["x", "y"], [[1, 9], [6, 8]])
    bare = Protected(table=table, rules=PUBLIC, small=frozenset({Cell(0, 0)}), hidden=frozenset())
    assert feasible_values(bare, Cell(0, 0), cap=24) == {1}


@RULE_SETTINGS
@given(table=tables(), rules=RULES)
def test_every_shown_number_is_zero_or_at_least_the_threshold(
    table: CountTable, rules: RuleSet
) -> None:
    result = protect(table, rules)
    for cell, status, value in result.published():
        if status is Status.SHOWN:
            assert value == 0 or (value is not None and value >= rules.threshold), cell
        else:
            assert value is None
            # a hidden number is never zero and never small mislabelled as large
            assert status is not Status.HIDDEN or table.value(cell) >= rules.threshold
    assert result.under_threshold == {c for c in table.cells if rules.small(table.value(c))}
    check(result)


@RULE_SETTINGS
@given(table=tables(), rules=RULES)
def test_no_suppressed_number_is_pinned_down_by_linear_programming(
    table: CountTable, rules: RuleSet
) -> None:
    result = protect(table, rules)
    assert audit(result) == []
    for cell, (low, high) in intervals(result).items():
        assert low <= table.value(cell)
        assert high is None or table.value(cell) <= high
        needed = rules.protection if cell in result.under_threshold else 1
        assert high is None or high - low >= needed, (cell, low, high)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(max_rows=2, max_cols=3, count=st.integers(0, 7)), rules=RULES)
def test_on_tiny_tables_every_whole_table_agrees_with_the_lp(
    table: CountTable, rules: RuleSet
) -> None:
    """Exhaustive check: the set of values a suppressed number can take, found by trying every
    whole-number table, has at least two values (protection+1 for a small count) and is exactly
    the LP's range whenever the grand total is shown (then no cell can exceed it)."""
    result = protect(table, rules)
    grand = Cell(None, None)
    complete = result.status(grand) is Status.SHOWN
    if not complete and sum(cell.inside for cell in result.suppressed) > 4:
        return  # an unbounded search this size can take minutes; the LP test covers it
    cap = table.total if complete else table.total + 2 * rules.threshold
    lp = intervals(result)
    for cell in sorted(result.suppressed, key=table.cells.index):
        values = feasible_values(result, cell, cap)
        needed = rules.protection if cell in result.under_threshold else 1
        assert table.value(cell) in values
        assert max(values) - min(values) >= needed, (cell, values)
        low, high = lp[cell]
        assert min(values) == low
        if complete:
            assert values == set(range(low, (high or 0) + 1)), (cell, values, lp[cell])


@st.composite
def growing(draw: st.DrawFn) -> tuple[CountTable, CountTable]:
    first = draw(tables(max_rows=4, max_cols=3))
    more = [[draw(st.integers(0, 6)) for _ in line] for line in first.counts]
    counts = tuple(
        tuple(a + b for a, b in zip(line, extra, strict=True))
        for line, extra in zip(first.counts, more, strict=True)
    )
    return first, CountTable(first.name, first.rows, first.cols, counts, first.one_way)


@RULE_SETTINGS
@given(pair=growing(), rules=RULES)
def test_two_consecutive_releases_never_reveal_a_small_count_by_difference(
    pair: tuple[CountTable, CountTable], rules: RuleSet
) -> None:
    old, new = pair
    first = protect(old, rules)
    second = protect(new, rules, earlier=first, grows=True)
    assert audit_difference(first, second) == []
    check(second, earlier=first, grows=True)
    # the same pattern: what was hidden before is hidden again unless zero or small now
    for cell in first.suppressed:
        if new.value(cell) >= rules.threshold:
            assert cell in second.suppressed


SMALL_COUNTRIES = ["LS", "SZ", "BT", "TV", "NR", "PW", "SM", "LI"]
BIG_COUNTRIES = ["US", "DE", "FR", "BR", "IN", "NG"]
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
KINDS = ["user data", "content", "emergency", "preservation"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    background=st.lists(
        st.tuples(st.sampled_from(BIG_COUNTRIES), st.sampled_from(KINDS), st.sampled_from(MONTHS)),
        max_size=120,
    ),
    country=st.sampled_from(SMALL_COUNTRIES),
    kind=st.sampled_from(KINDS),
    month=st.sampled_from(MONTHS),
    rules=RULES,
)
def test_a_single_demand_in_a_small_country_never_appears_as_one(
    background: list[tuple[str, str, str]], country: str, kind: str, month: str, rules: RuleSet
) -> None:
    """One demand from a small country over the half-year, among any number from large ones:
    by country and kind, by country, by month and kind, none shows a 1 or lets one be worked
    out exactly."""
    demands = [*background, (country, kind, month)]
    countries = sorted({c for c, _, _ in demands})

    def count(**match: str) -> int:
        keys = ("country", "kind", "month")
        return sum(all(d[keys.index(k)] == v for k, v in match.items()) for d in demands)

    by_country_and_kind = roll_up_countries(
        CountTable.two(
            "by country and kind",
            countries,
            KINDS,
            [[count(country=c, kind=k) for k in KINDS] for c in countries],
        ),
        rules,
    )
    by_month = roll_up_months(
        CountTable.two(
            "by kind and month",
            KINDS,
            MONTHS,
            [[count(kind=k, month=m) for m in MONTHS] for k in KINDS],
        ),
        rules,
    )
    both = protect(by_country_and_kind.table, rules)
    published = [
        (both, by_country_and_kind.merges),
        (margin(both, "by country"), by_country_and_kind.merges),
        (protect(by_month.table, rules), by_month.merges),
    ]
    for result, merges in published:
        table = result.table
        assert country not in table.rows  # small countries never have a row of their own
        check(result)
        texts = [shown_text(result, cell) for cell in table.cells] + release_note(result, merges)
        assert "1" not in texts
        assert all(result.shown(cell) != 1 for cell in table.cells)
        for cell, (low, high) in intervals(result).items():
            assert (low, high) != (1, 1), (table.name, cell)


@RULE_SETTINGS
@given(
    counts=st.lists(
        st.tuples(st.sampled_from(SMALL_COUNTRIES + BIG_COUNTRIES), st.integers(0, 12)),
        min_size=1,
        max_size=14,
        unique_by=lambda pair: pair[0],
    ),
    rules=RULES,
)
def test_a_roll_up_keeps_the_total_and_lists_no_small_country(
    counts: list[tuple[str, int]], rules: RuleSet
) -> None:
    table = CountTable.one("by country", counts)
    coarse = roll_up_countries(table, rules)
    assert coarse.table.total == table.total
    for label, (value,) in zip(coarse.table.rows, coarse.table.counts, strict=True):
        if not label.startswith("region:"):
            assert value >= rules.threshold, label
    folded = {member for merge in coarse.merges for member in merge.members}
    assert folded | set(coarse.table.rows) >= {label for label, _ in counts}


@RULE_SETTINGS
@given(
    counts=st.lists(st.lists(st.integers(0, 9), min_size=6, max_size=6), min_size=1, max_size=4),
    rules=RULES,
)
def test_months_roll_up_into_whole_quarters_and_keep_every_count(
    counts: list[list[int]], rules: RuleSet
) -> None:
    table = CountTable.two("by month", [f"k{i}" for i in range(len(counts))], MONTHS, counts)
    coarse = roll_up_months(table, rules)
    assert coarse.table.row_totals == table.row_totals
    for j, label in enumerate(coarse.table.cols):
        if "-Q" in label:
            assert label in {"2026-Q1", "2026-Q2"}
        else:  # a month kept on its own shows no small count
            assert not any(rules.small(line[j]) for line in coarse.table.counts)
            assert not rules.small(coarse.table.col_totals[j])
