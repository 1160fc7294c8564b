"""Linked tables (docs/transparency.md, "Linked tables"): two tables of one release that publish
the same numbers (per-country totals in a table by country and kind, and again in a table by
country) suppress them the same way, and no suppressed number of either can be worked out from
both read together. Protected apart they can leak (the first test shows one); the property
tests check the linked protection with the joint LP audit and, on tiny tables, by brute force."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.transparency.disclosure import (
    BOARD,
    PUBLIC,
    Cell,
    CountTable,
    Link,
    LinkSpec,
    Protected,
    RuleSet,
    Status,
    audit_linked,
    check,
    protect,
    protect_linked,
    resolve,
)
from rightsdesk.transparency.disclosure.audit import intervals
from tests.transparency.releasing import NOW, cases

COUNT = st.one_of(st.integers(0, 6), st.integers(0, 30))
RULES = st.sampled_from([PUBLIC, BOARD])
SPECS = [LinkSpec("a", "rows", "b", "rows")]


def _pair(a_counts: list[list[int]], splits: list[list[int]] | None) -> dict[str, CountTable]:
    """`a`: rows by kind; `b`: the same rows' totals, as a list (`splits` None) or split
    again into other columns (each split adds up to the row's total)."""
    rows = [f"r{i}" for i in range(len(a_counts))]
    a = CountTable.two("a", rows, [f"k{j}" for j in range(len(a_counts[0]))], a_counts)
    if splits is None:
        b = CountTable.one("b", list(zip(rows, a.row_totals, strict=True)))
    else:
        b = CountTable.two("b", rows, [f"s{j}" for j in range(len(splits[0]))], splits)
    return {"a": a, "b": b}


@st.composite
def pairs(draw: st.DrawFn, max_rows: int = 4, max_cols: int = 3) -> dict[str, CountTable]:
    n = draw(st.integers(2, max_rows))
    m = draw(st.integers(2, max_cols))
    counts = [[draw(COUNT) for _ in range(m)] for _ in range(n)]
    if draw(st.booleans()):
        return _pair(counts, None)
    splits = []
    for line in counts:
        first = draw(st.integers(0, sum(line)))
        splits.append([first, sum(line) - first])
    return _pair(counts, splits)


def _public(protected: Protected, cell: Cell) -> str:
    status = protected.status(cell)
    return "hidden" if status is Status.WITHHELD else str(status)


def test_protected_apart_two_tables_leak_and_linked_they_do_not() -> None:
    tables = _pair([[2, 12], [0, 12]], None)
    links = resolve(SPECS, tables)
    assert Link(("a", Cell(0, None)), ("b", Cell(0, 0))) in links
    apart = {name: protect(table, PUBLIC) for name, table in tables.items()}
    for item in apart.values():
        check(item)  # each table alone passes its own gate...
    # ...but the per-row totals differ in status across the two, and read together a hidden
    # number is exact
    assert _public(apart["a"], Cell(1, None)) != _public(apart["b"], Cell(1, 0))
    leaks = audit_linked(apart, links)
    assert any(f.finding.high == f.finding.low for f in leaks)
    linked = protect_linked(tables, links, PUBLIC)
    assert audit_linked(linked, links) == []
    for link in links:
        assert isinstance(link, Link)
        (na, ca), (nb, cb) = link.a, link.b
        assert _public(linked[na], ca) == _public(linked[nb], cb)


def test_linked_numbers_that_differ_are_refused() -> None:
    tables = _pair([[2, 12], [0, 12]], None)
    wrong = {"a": tables["a"], "b": CountTable.one("b", [("r0", 14), ("r1", 13)])}
    with pytest.raises(Exception, match="count it differently"):
        protect_linked(wrong, resolve(SPECS, wrong), PUBLIC)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=pairs(), rules=RULES)
def test_linked_tables_suppress_shared_numbers_alike_and_pass_the_joint_audit(
    tables: dict[str, CountTable], rules: RuleSet
) -> None:
    links = resolve(SPECS, tables)
    result = protect_linked(tables, links, rules)
    for item in result.values():
        table = item.table
        for cell in table.cells:
            shown = item.shown(cell)
            assert shown is None or shown == 0 or shown >= rules.threshold
            if rules.small(table.value(cell)):
                assert cell in item.suppressed
        check(item)  # and each alone, as ever
    for link in links:
        assert isinstance(link, Link)
        (na, ca), (nb, cb) = link.a, link.b
        assert _public(result[na], ca) == _public(result[nb], cb), link
    # every suppressed number of either keeps its range with both tables and the links
    assert audit_linked(result, links, whole=True) == []
    assert audit_linked(result, links, whole=False) == []


def _facts(item: Protected, cols: int) -> list[tuple[list[int], int, float]]:
    """What `item` publishes as (inside-cell indexes summed, lowest, highest)."""
    k = item.rules.threshold
    found: list[tuple[list[int], int, float]] = []
    for cell in item.table.cells:
        support = [c.row * cols + c.col for c in item.table.support(cell)]  # type: ignore[operator]
        status = item.status(cell)
        if status is Status.SHOWN:
            value = item.table.value(cell)
            found.append((support, value, value))
        elif status is Status.SMALL:
            found.append((support, 1, k - 1))
        elif status is Status.WITHHELD:
            found.append((support, 1, float("inf")))
        else:
            found.append((support, k, float("inf")))
    return found


def _consistent(result: dict[str, Protected], cap: int) -> Iterator[tuple[int, ...]]:
    """Every whole-number table `a` (inside cells up to `cap`) consistent with what both
    tables publish, when `b` lists `a`'s row totals; by brute force, no LP."""
    a, b = result["a"], result["b"]
    cols = len(a.table.cols)
    facts = _facts(a, cols)
    # b's number for row i is a's row i; b's grand total is a's
    for cell in b.table.cells:
        row_of_a = a.table.find(b.table.rows[cell.row] if cell.row is not None else None, None)
        assert row_of_a is not None
        support = [c.row * cols + c.col for c in a.table.support(row_of_a)]  # type: ignore[operator]
        one = _facts(b, 1)[b.table.cells.index(cell)]
        facts.append((support, one[1], one[2]))
    size = len(a.table.rows) * cols
    for guess in itertools.product(range(cap + 1), repeat=size):
        if all(low <= sum(guess[i] for i in support) <= high for support, low, high in facts):
            yield guess


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=st.lists(st.lists(st.integers(0, 6), min_size=2, max_size=2), min_size=2, max_size=2),
    rules=RULES,
)
def test_on_tiny_linked_tables_brute_force_finds_no_small_count_pinned(
    counts: list[list[int]], rules: RuleSet
) -> None:
    tables = _pair(counts, None)
    result = protect_linked(tables, resolve(SPECS, tables), rules)
    a = result["a"]
    cap = max(max(line) for line in counts) + rules.threshold + 2
    seen: dict[Cell, set[int]] = {cell: set() for cell in a.under_threshold}
    supports = {cell: [c.row * 2 + c.col for c in a.table.support(cell)] for cell in seen}  # type: ignore[operator]
    for guess in _consistent(result, cap):
        for cell, values in seen.items():
            values.add(sum(guess[i] for i in supports[cell]))
    for cell, values in seen.items():
        # the truth is among them, and at least protection + 1 values are possible
        assert a.table.value(cell) in values
        assert len(values) >= rules.protection + 1, (cell, sorted(values))
    # alone, each table's own ranges are at least as wide (the LP audit, per table)
    for item in result.values():
        for cell, (low, high) in intervals(item).items():
            assert high is None or high - low >= (
                rules.protection if cell in item.under_threshold else 1
            )


@pytest.mark.django_db
def test_a_release_suppresses_the_numbers_its_tables_share_alike() -> None:
    """Reports by priority are the row totals of time to first answer: one status for each."""
    from rightsdesk.transparency.releases import release_draft  # noqa: PLC0415
    from tests.factories import staff_account  # noqa: PLC0415

    cases(23, country="DE", priority="P3")
    cases(9, country="FR", priority="P2", late=True)
    cases(1, country="LS", priority="P1", threat_types=("arrest",))
    cases(6, country="BR", priority="P3", status="in_progress")
    release = release_draft(
        actor=staff_account().user, audience="public", period="2026-H1", now=NOW
    )
    shown = {t["name"]: t for t in release.published["tables"]}

    def status(name: str, row: int | None, col: int | None) -> str:
        return str(next(s for r, c, s, _v in shown[name]["cells"] if (r, c) == (row, col)))

    rows = shown["priorities"]["rows"]
    assert rows == shown["first_answer"]["rows"]
    for i in range(len(rows)):
        assert status("priorities", i, 0) == status("first_answer", i, None), rows[i]
    for name in ("regions", "statuses", "first_answer"):
        assert status(name, None, None) == status("priorities", None, None)
