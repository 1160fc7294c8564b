"""Linked tables: numbers that two tables of one release both publish.

Reports by priority (one table) are the row totals of reports by priority and time to first
answer (another); the accounts actually affected, by instrument, are a column of one table and
the row totals of the next. Protected apart, one table could show what the other hides, and a
reader would put them together. So:

1. each table is protected (`protect`, with what the others suppressed: `keep`, `withhold`);
2. a linked number suppressed in one table is suppressed in the other too, the same way, and
   step 1 runs again (complementary suppression follows in each table) until nothing changes;
3. the audit runs over the linked set at once: every table's facts, and "these two numbers are
   equal" for every link, in one system; each suppressed number must keep its range. A number
   pinned down there gets the smallest shown number next to it (in its table) hidden too, and
   steps 1-3 run again. Every round suppresses one more number (or drops a flag), so this ends.

Each table also passes its own audit (`protect`, `check`), as alone. The joint system is not
known to be totally unimodular (links tie two tables' sums together), so its last check asks
for whole numbers, as the difference audit does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from django.utils.translation import gettext as _

from rightsdesk.core.refusals import Refused
from rightsdesk.transparency.disclosure.audit import Finding, Where, _form, _needed, _publish
from rightsdesk.transparency.disclosure.lp import Form, System, ranges
from rightsdesk.transparency.disclosure.refusals import DisclosureRefused
from rightsdesk.transparency.disclosure.rules import Protected, RuleSet, Status
from rightsdesk.transparency.disclosure.suppress import _next_to, _to_withhold, protect
from rightsdesk.transparency.disclosure.tables import GRAND, Cell, CountTable

ROWS = "rows"  # a one-way table's counts, or a two-way table's row totals, by row label
GRAND_TOTAL = "grand"  # the grand total only
COLUMN = "col:"  # "col:affected": that column's cells, by row label


class LinkMismatch(Refused):
    """Two tables declared to share a number count it differently (a counting fault): nothing
    is published rather than two versions of one number."""

    status = 409
    code = "disclosure"


@dataclass(frozen=True)
class Link:
    """Two published numbers that are the same count: (table name, cell) each."""

    a: tuple[str, Cell]
    b: tuple[str, Cell]


@dataclass(frozen=True)
class Sum:
    """A published number that is the sum of numbers in other tables (demands by country: its
    grand total is the demands for user data plus those for content only)."""

    total: tuple[str, Cell]
    parts: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class SumSpec:
    """`total`'s grand total is the sum of the `parts`' grand totals."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class LinkSpec:
    """How two tables share numbers, by labels: `mine` of one table equals `theirs` of the
    other (`ROWS`, `GRAND_TOTAL` or `COLUMN` + a column key). Rows are matched by their label;
    when both tables have the same rows, the totals of the two lines match too."""

    first: str
    mine: str
    second: str
    theirs: str


def _line(table: CountTable, spec: str, label: str) -> Cell | None:
    if label not in table.rows:
        return None
    i = table.rows.index(label)
    if spec == ROWS:
        return Cell(i, 0) if table.one_way else Cell(i, None)
    if spec.startswith(COLUMN) and spec[len(COLUMN) :] in table.cols:
        return Cell(i, table.cols.index(spec[len(COLUMN) :]))
    return None


def _whole(table: CountTable, spec: str) -> Cell | None:
    if spec in (ROWS, GRAND_TOTAL):
        return GRAND
    key = spec[len(COLUMN) :]
    return Cell(None, table.cols.index(key)) if key in table.cols else None


Relation = Link | Sum


def resolve(
    specs: Sequence[LinkSpec | SumSpec], tables: Mapping[str, CountTable]
) -> list[Relation]:
    """The links between the cells of `tables` that `specs` describe (tables absent: none)."""
    links: list[Relation] = []
    for spec in specs:
        if isinstance(spec, SumSpec):
            if spec.total in tables and all(part in tables for part in spec.parts):
                links.append(Sum((spec.total, GRAND), tuple((p, GRAND) for p in spec.parts)))
            continue
        one, two = tables.get(spec.first), tables.get(spec.second)
        if one is None or two is None:
            continue
        if GRAND_TOTAL not in (spec.mine, spec.theirs):
            for label in one.rows:
                a, b = _line(one, spec.mine, label), _line(two, spec.theirs, label)
                if a is not None and b is not None:
                    links.append(Link((one.name, a), (two.name, b)))
            if set(one.rows) != set(two.rows):
                continue  # the lines' totals cover other rows
        a, b = _whole(one, spec.mine), _whole(two, spec.theirs)
        if a is not None and b is not None:
            links.append(Link((one.name, a), (two.name, b)))
    return links


@dataclass(frozen=True)
class LinkedFinding:
    table: str
    finding: Finding


def members(link: Relation) -> tuple[tuple[str, Cell], ...]:
    return (link.a, link.b) if isinstance(link, Link) else (link.total, *link.parts)


def _value(tables: Mapping[str, CountTable], member: tuple[str, Cell]) -> int:
    return tables[member[0]].value(member[1])


def audit_linked(
    protected: Mapping[str, Protected], links: Sequence[Relation], *, whole: bool = True
) -> list[LinkedFinding]:
    """Every suppressed number of every table whose range, given all the tables and their
    links, is too narrow. `whole=False`: the LP relaxation (faster, ranges only wider)."""
    system = System(whole=whole)
    first: dict[str, int] = {}
    for name, item in protected.items():
        table = item.table
        first[name] = system.variables(len(table.rows) * len(table.cols))
        _publish(system, item, first[name])
    for link in links:
        total, *parts = members(link)
        form: Form = _form(protected[total[0]].table, total[1], first[total[0]])
        for name, cell in parts:
            form += _form(protected[name].table, cell, first[name], -1.0)
        system.bound(form, 0.0, 0.0)
    asks: list[tuple[str, Cell, int]] = []
    forms: list[Form] = []
    for name, item in protected.items():
        for cell in item.table.cells:
            if cell in item.suppressed:
                asks.append((name, cell, _needed(item, cell)))
                forms.append(_form(item.table, cell, first[name]))
    found = ranges(system, forms)
    return [
        LinkedFinding(name, Finding(cell, Where.TABLE, low, high, needed))
        for (name, cell, needed), (low, high) in zip(asks, found, strict=True)
        if high is not None and high - low < needed
    ]


ProtectOne = Callable[[str, AbstractSet[Cell], AbstractSet[Cell]], Protected]


def protect_linked(
    tables: Mapping[str, CountTable],
    links: Sequence[Relation],
    rules: RuleSet,
    *,
    protect_one: ProtectOne | None = None,
) -> dict[str, Protected]:
    """Every table protected so that linked numbers have one status and the linked set passes
    the joint audit. `protect_one(name, keep, withhold)` protects one table (default: `protect`
    of `tables[name]`; a release passes its own, with roll-ups and the earlier release)."""
    for link in links:
        total, *parts = members(link)
        if _value(tables, total) != sum(_value(tables, part) for part in parts):
            na, nb = total[0], parts[0][0]
            raise LinkMismatch(
                _(
                    "Tables “%(first)s” and “%(second)s” should publish the same number but "
                    "count it differently. Nothing was published."
                )
                % {"first": na, "second": nb}
            )

    def default(name: str, keep: AbstractSet[Cell], withhold: AbstractSet[Cell]) -> Protected:
        return protect(tables[name], rules, keep=keep, withhold=withhold)

    one = protect_one or default
    keep: dict[str, set[Cell]] = {name: set() for name in tables}
    withhold: dict[str, set[Cell]] = {name: set() for name in tables}
    whole = False
    while True:
        result = {
            name: one(name, frozenset(keep[name]), frozenset(withhold[name])) for name in tables
        }
        if _spread(result, links, keep, withhold):
            continue
        findings = audit_linked(result, links, whole=whole)
        if not findings:
            if whole:
                return result
            whole = True  # the LP relaxation passed: check whole numbers last
            continue
        first = findings[0]
        item = result[first.table]
        pick = _next_to(item.table, first.finding, item.suppressed)
        here = [(first.table, pick)] if pick is not None else []
        across = _across(result, links, first)
        options = [(n, c) for n, c in (*here, *across) if c is not None]
        if options:
            name, cell = min(options, key=lambda nc: result[nc[0]].table.value(nc[1]))
            keep[name].add(cell)
            continue
        flagged = set(item.small)
        withheld = _to_withhold(item.table, first.finding, flagged)
        if withheld is not None:
            withhold[first.table].add(withheld)
            continue
        # the flags of a linked table pin it: show one of them as "hidden", the widest first
        others = _across(result, links, first, flagged=True)
        if not others:  # any flag left in the linked set: with none, nothing is pinned
            others = [(n, c) for n, p in result.items() for c in p.small]
        if not others:
            raise DisclosureRefused(item.table, first.finding.cell)
        name, cell = max(others, key=lambda nc: len(result[nc[0]].table.support(nc[1])))
        withhold[name].add(cell)


def _across(
    result: Mapping[str, Protected],
    links: Sequence[Relation],
    found: LinkedFinding,
    *,
    flagged: bool = False,
) -> list[tuple[str, Cell]]:
    """Shown non-zero numbers (`flagged`: small counts still flagged) in other tables tied to
    the pinned number's neighbourhood: the partners of any link touching it or the numbers it is
    added with, and their neighbours."""
    table = result[found.table].table
    near = {cell for group in table.groups_of(found.finding.cell) for cell in group}
    near.add(found.finding.cell)
    out = []
    for link in links:
        tied = members(link)
        if not any(name == found.table and cell in near for name, cell in tied):
            continue
        for name, cell in tied:
            other = result[name]
            around = {c for group in other.table.groups_of(cell) for c in group} | {cell}
            out += [
                (name, c) for c in around if c not in other.suppressed and other.table.value(c) > 0
            ]
    return out


def _spread(
    result: Mapping[str, Protected],
    links: Sequence[Relation],
    keep: dict[str, set[Cell]],
    withhold: dict[str, set[Cell]],
) -> bool:
    """Give each linked number the strongest status either table gave it; True if any
    table must be protected again."""
    changed = False
    for link in links:
        if not isinstance(link, Link):
            continue  # a sum: the joint audit decides
        for (na, ca), (nb, cb) in ((link.a, link.b), (link.b, link.a)):
            mine, theirs = result[na].status(ca), result[nb].status(cb)
            if mine is Status.HIDDEN and theirs is Status.SHOWN and cb not in keep[nb]:
                keep[nb].add(cb)
                changed = True
            if mine is Status.WITHHELD and theirs is Status.SMALL and cb not in withhold[nb]:
                withhold[nb].add(cb)
                changed = True
    return changed
