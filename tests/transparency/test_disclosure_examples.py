"""Worked examples of the disclosure rules, computed by hand (the same ones as
docs/transparency.md): what is suppressed, what a reader can work out, what is refused."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rightsdesk.transparency import disclosure
from rightsdesk.transparency.disclosure import (
    BOARD,
    GRAND,
    PUBLIC,
    Cell,
    CountTable,
    DisclosureRefused,
    Protected,
    RuleSet,
    Status,
    Where,
    audit,
    audit_difference,
    cell_name,
    check,
    label_name,
    margin,
    protect,
    release_note,
    release_notes,
    roll_up_countries,
    roll_up_months,
    shown_text,
)
from rightsdesk.transparency.disclosure.audit import intervals


def test_the_rule_sets() -> None:
    assert (PUBLIC.threshold, PUBLIC.protection) == (5, 2)
    assert (BOARD.threshold, BOARD.protection) == (3, 1)
    assert [n for n in range(7) if PUBLIC.small(n)] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="threshold"):
        RuleSet(name="x", threshold=2)
    with pytest.raises(ValueError, match="protection"):
        RuleSet(name="x", threshold=5, protection=4)


def test_a_table_computes_its_margins_and_refuses_bad_counts() -> None:
    table = CountTable.two("t", ["a", "b"], ["x", "y", "z"], [[1, 2, 3], [4, 5, 6]])
    assert table.row_totals == (6, 15)
    assert table.col_totals == (5, 7, 9)
    assert table.total == 21
    assert table.value(Cell(1, None)) == 15
    assert table.value(GRAND) == 21
    assert len(table.cells) == 6 + 2 + 3 + 1
    with pytest.raises(ValueError, match="whole numbers"):
        CountTable.two("t", ["a"], ["x"], [[-1]])
    with pytest.raises(ValueError, match="repeats"):
        CountTable.two("t", ["a", "a"], ["x"], [[1], [2]])


def test_two_by_two_public() -> None:
    """a    b  | total
    r1         1    9  |  10
    r2         6    8  |  14
    total      7   17  |  24

    The 1 is small. Row r1 then has one suppressed number: 9 is hidden; column a: 6; column b:
    8. With the column totals shown, the reader knows x(r1,a) + x(r2,a) = 7 and x(r2,a) >= 5
    (it is a hidden shown-sized count), so x(r1,a) <= 2: "1 or 2", narrower than the public
    protection (at least three values). The audit hides the column totals too (7, then 17);
    the reader is left with 1..4 for the small cell."""
    table = CountTable.two("demo", ["r1", "r2"], ["a", "b"], [[1, 9], [6, 8]])
    result = protect(table, PUBLIC)
    assert result.small == {Cell(0, 0)}
    assert result.hidden == {Cell(0, 1), Cell(1, 0), Cell(1, 1), Cell(None, 0), Cell(None, 1)}
    assert [shown_text(result, cell) for cell in table.cells] == [
        "fewer than 5",
        "hidden",
        "hidden",
        "hidden",
        "10",
        "14",
        "hidden",
        "hidden",
        "24",
    ]
    assert intervals(result)[Cell(0, 0)] == (1, 4)
    assert audit(result) == []
    check(result)


def test_two_by_two_board_stops_at_the_four_cells() -> None:
    """Board rules (threshold 3, protection 1): the four inside cells; the small one is 1..2."""
    table = CountTable.two("demo", ["r1", "r2"], ["a", "b"], [[1, 9], [6, 8]])
    result = protect(table, BOARD)
    assert result.hidden == {Cell(0, 1), Cell(1, 0), Cell(1, 1)}
    assert intervals(result)[Cell(0, 0)] == (1, 2)


def test_without_the_complement_the_cell_comes_back_by_subtraction() -> None:
    """Only the primary suppression: 10 - 9 = 1. The audit finds it and the gate refuses,
    naming the table and the cell."""
    table = CountTable.two("demands", ["r1", "r2"], ["a", "b"], [[1, 9], [6, 8]])
    bare = Protected(table=table, rules=PUBLIC, small=frozenset({Cell(0, 0)}), hidden=frozenset())
    [finding] = audit(bare)
    assert (finding.cell, finding.low, finding.high) == (Cell(0, 0), 1, 1)
    with pytest.raises(DisclosureRefused) as refused:
        check(bare)
    assert refused.value.table == "demands"
    assert refused.value.cell == Cell(0, 0)
    assert refused.value.labels == ("r1", "a")
    assert "demands" in refused.value.message
    assert "row “r1”, column “a”" in refused.value.message
    assert refused.value.status == 409


def test_the_gate_refuses_a_small_number_shown() -> None:
    table = CountTable.one("by country", {"FR": 3, "DE": 10})
    with pytest.raises(DisclosureRefused) as refused:
        check(Protected(table=table, rules=PUBLIC, small=frozenset(), hidden=frozenset()))
    assert refused.value.cell == Cell(0, 0)
    assert "France" in refused.value.message


def test_one_way_single_count_hides_the_total_too() -> None:
    """One demand, from one country, zeros elsewhere: the total would be the 1 again."""
    table = CountTable.one("by country", {"LS": 1, "DE": 0, "FR": 0})
    result = protect(table, PUBLIC)
    assert result.small == {Cell(0, 0), GRAND}
    assert [result.shown(cell) for cell in table.cells] == [None, 0, 0, None]


def test_zero_is_shown_and_never_used_as_a_complement() -> None:
    """Row r1 = 3 + 0 + 12: hiding the 0 would protect nothing (a reader knows the hidden
    numbers are at least the threshold), so the 12 is hidden."""
    table = CountTable.two("t", ["r1", "r2"], ["a", "b", "c"], [[3, 0, 12], [7, 0, 9]])
    result = protect(table, PUBLIC)
    assert Cell(0, 1) not in result.suppressed
    assert result.status(Cell(0, 2)) is Status.HIDDEN


def test_small_countries_roll_up_into_their_region() -> None:
    """LS (Lesotho) and NG (Nigeria) are small: Sub-Saharan Africa (M49 202). The US has one
    small cell but a large row: it keeps its row and the cell is suppressed. FR has a zero
    row: folded too (listing it with zeros while leaving others out would single those out)."""
    table = CountTable.two(
        "demands",
        ["US", "LS", "NG", "FR", "DE"],
        ["data", "content"],
        [[40, 2], [1, 0], [2, 3], [0, 0], [9, 6]],
    )
    coarse = roll_up_countries(table, PUBLIC)
    assert coarse.table.rows == ("US", "region:202", "region:155", "DE")
    assert coarse.table.counts == ((40, 2), (3, 3), (0, 0), (9, 6))
    assert [(m.into, m.members) for m in coarse.merges] == [
        ("region:202", ("LS", "NG")),
        ("region:155", ("FR",)),
    ]
    assert label_name("region:202") == "Sub-Saharan Africa (other countries)"
    assert label_name("US") == "United States"


def test_months_roll_up_into_quarters_when_a_month_would_be_small() -> None:
    table = CountTable.two(
        "by month",
        ["data", "content"],
        ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"],
        [[6, 7, 5, 2, 8, 9], [5, 5, 6, 9, 0, 7]],
    )
    coarse = roll_up_months(table, PUBLIC)
    assert coarse.table.cols == ("2026-01", "2026-02", "2026-03", "2026-Q2")
    assert coarse.table.counts == ((6, 7, 5, 19), (5, 5, 6, 16))
    assert label_name("2026-Q2") == "Q2 2026"
    note = release_note(protect(coarse.table, PUBLIC), coarse.merges)
    assert "Months with a number under 5 are counted by quarter: Q2 2026." in note


def test_one_way_months() -> None:
    table = CountTable.one("by month", {"2026-07": 1, "2026-08": 9, "2026-09": 0})
    assert roll_up_months(table, PUBLIC).table.rows == ("2026-Q3",)


def test_a_later_release_that_reveals_a_small_difference_is_refused() -> None:
    """H1: FR 10, DE 20 (total 30). The year: FR 12, DE 20 (total 32). Both tables are safe
    alone; together they say FR had 2 demands in the second half, and so did everyone: the
    total's difference is a small count too. Protected together, nothing but the zeros would be
    left; with DE at 26 the total may stay (FR is then 10..18 and its growth 0..8)."""
    first = protect(CountTable.one("demands", {"FR": 10, "DE": 20}), PUBLIC)
    year = CountTable.one("demands", {"FR": 12, "DE": 20})
    alone = protect(year, PUBLIC)
    assert alone.suppressed == frozenset()
    found = [(f.cell, f.where, f.low, f.high) for f in audit_difference(first, alone)]
    assert found == [(Cell(0, 0), Where.DIFFERENCE, 2, 2), (GRAND, Where.DIFFERENCE, 2, 2)]
    with pytest.raises(DisclosureRefused) as refused:
        check(alone, earlier=first, grows=True)
    assert refused.value.cell == Cell(0, 0)
    assert "earlier release" in refused.value.message
    together = protect(year, PUBLIC, earlier=first, grows=True)
    assert together.hidden == {Cell(0, 0), Cell(1, 0), GRAND}
    check(together, earlier=first, grows=True)
    grown = protect(
        CountTable.one("demands", {"FR": 12, "DE": 26}), PUBLIC, earlier=first, grows=True
    )
    assert grown.hidden == {Cell(0, 0), Cell(1, 0)}
    assert audit_difference(first, grown) == []
    check(grown, earlier=first, grows=True)


def test_the_pattern_is_kept_across_periods() -> None:
    first = protect(CountTable.one("demands", {"FR": 2, "DE": 20, "US": 30}), PUBLIC)
    assert first.small == {Cell(0, 0)}
    assert first.hidden == {Cell(1, 0)}
    second = protect(
        CountTable.one("demands", {"FR": 7, "DE": 25, "US": 30}), PUBLIC, earlier=first
    )
    # FR is no longer small, but it and DE stay hidden: the same pattern as before.
    assert second.hidden == {Cell(0, 0), Cell(1, 0)}
    assert "Numbers hidden in the earlier release stay hidden unless they are zero." in (
        release_note(second, kept_pattern=True)
    )


def test_the_release_note() -> None:
    table = CountTable.two("demo", ["r1", "r2"], ["a", "b"], [[1, 9], [6, 8]])
    assert release_note(protect(table, BOARD)) == [
        "1 number in “demo” is under 3 and is shown as “fewer than 3”.",
        "3 more numbers are hidden so that no number under 3 can be worked out from the totals.",
        "Zero means none: it is always shown.",
    ]
    clean = protect(CountTable.one("clean", {"a": 10, "b": 0}), PUBLIC)
    assert release_note(clean) == [
        "No number in “clean” needed hiding.",
        "Zero means none: it is always shown.",
    ]


def test_cell_names() -> None:
    table = CountTable.two("t", ["FR"], ["data"], [[5]])
    assert cell_name(table, Cell(0, 0)) == "row “France”, column “data”"
    assert cell_name(table, Cell(0, None)) == "the total of row “France”"
    assert cell_name(table, Cell(None, 0)) == "the total of column “data”"
    assert cell_name(table, GRAND) == "the grand total"


def test_flags_alone_can_pin_a_count_and_then_the_total_loses_its_flag() -> None:
    """2 + 1 + 1 = 4: with all four shown as "fewer than 5" the 2 is at most 4 - 1 - 1 = 2, so
    1..2 (too narrow for the public rules). The total is shown as "hidden" instead (withheld:
    the reader only knows it is at least 1), and the 2 is back to 1..4."""
    table = CountTable.one("by country", {"LS": 2, "SZ": 1, "BT": 1})
    result = protect(table, PUBLIC)
    assert result.small == {Cell(0, 0), Cell(1, 0), Cell(2, 0)}
    assert result.withheld == {GRAND}
    assert result.status(GRAND) is Status.WITHHELD
    assert shown_text(result, GRAND) == "hidden"
    assert intervals(result)[Cell(0, 0)] == (1, 4)
    check(result)


def test_the_rules_touch_no_database() -> None:
    """The rules are pure: of Django they use translation only (no models, queries, requests),
    so nothing public can be computed from live data inside them."""
    for path in Path(disclosure.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django"):
                assert node.module == "django.utils.translation", path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("django") for a in node.names), path.name


def test_a_margin_is_published_with_the_same_flags() -> None:
    """By country is the row totals of by country and kind: copied with their flags, so the two
    tables never show and hide the same number differently."""
    table = CountTable.two("by country and kind", ["r1", "r2"], ["a", "b"], [[1, 9], [6, 8]])
    both = protect(table, PUBLIC)
    rows = margin(both, "by country")
    assert rows.table.counts == ((10,), (14,))
    assert rows.suppressed == frozenset()
    cols = margin(both, "by kind", axis="cols")
    assert cols.table.rows == ("a", "b")
    assert cols.hidden == {Cell(0, 0), Cell(1, 0)}
    check(rows)
    check(cols)


def test_the_release_notes_name_the_rules_once_and_each_table() -> None:
    demo = protect(CountTable.two("demo", ["r1", "r2"], ["a", "b"], [[1, 9], [6, 8]]), BOARD)
    clean = protect(CountTable.one("clean", {"a": 10}), BOARD)
    notes = release_notes([(demo, ()), (clean, ())])
    assert notes[0] == (
        "Published under the board's disclosure rules, version 1: no number from 1 to 2 is "
        "shown, and none can be worked out from the others."
    )
    assert "No number in “clean” needed hiding." in notes
    assert notes.count("Zero means none: it is always shown.") == 1
