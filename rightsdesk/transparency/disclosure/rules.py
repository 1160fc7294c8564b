"""The rule set a release is published under, and what it decided for each number.

`RULES_VERSION` is written into every release: when the rules change (a new audit, a different
choice of complementary cells), the version changes, so a reader of an old release knows which
rules made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rightsdesk.transparency.disclosure.tables import Cell, CountTable

RULES_VERSION = "1"


@dataclass(frozen=True)
class RuleSet:
    """`threshold`: the smallest count shown (smaller ones, except zero, are suppressed).

    `protection`: how wide, at least, the range a reader can work out for a suppressed small
    count must be. A small count is published as "fewer than <threshold>", so the reader already
    knows it lies in 1..threshold-1; `protection` 1 means "never one exact value", 2 means "at
    least three possible values" and so on, up to threshold-2 (the whole 1..threshold-1).
    """

    name: str
    threshold: int
    protection: int = 1
    version: str = RULES_VERSION

    def __post_init__(self) -> None:
        if self.threshold < 3:
            # "fewer than 2" would publish every 1 as exactly 1.
            raise ValueError("the threshold is at least 3")
        if not 1 <= self.protection <= self.threshold - 2:
            raise ValueError("protection is between 1 and threshold - 2")

    def small(self, count: int) -> bool:
        """A count the rules never show: 1 to threshold-1. Zero is shown (see docs)."""
        return 0 < count < self.threshold


# Public reports: five, the more common agencies' rule (OECD/UNECE glossary), and a range of at
# least three values for every hidden small count.
PUBLIC = RuleSet(name="public", threshold=5, protection=2)
# The board pack: a closed audience, the lower threshold the issue asks for.
BOARD = RuleSet(name="board", threshold=3, protection=1)


class Status(StrEnum):
    SHOWN = "shown"
    # primary suppression: the count is under the threshold; shown as "fewer than <threshold>".
    SMALL = "small"
    # complementary suppression: hidden so that a small count cannot be worked out.
    HIDDEN = "hidden"
    # a small count shown as "hidden" without its "fewer than" flag: where several small counts
    # add up to a small total, the flags alone would pin them down (2 + 1 + 1 = "fewer than 5").
    WITHHELD = "withheld"


@dataclass(frozen=True)
class Protected:
    """A table after the rules: the true counts (kept on the server with the release's
    snapshot) and which of them are suppressed. Only `shown` leaves the server."""

    table: CountTable
    rules: RuleSet
    small: frozenset[Cell]
    hidden: frozenset[Cell]
    withheld: frozenset[Cell] = frozenset()

    def status(self, cell: Cell) -> Status:
        if cell in self.small:
            return Status.SMALL
        if cell in self.hidden:
            return Status.HIDDEN
        if cell in self.withheld:
            return Status.WITHHELD
        return Status.SHOWN

    def shown(self, cell: Cell) -> int | None:
        """The published value, or None where a flag stands instead."""
        return None if cell in self.suppressed else self.table.value(cell)

    @property
    def suppressed(self) -> frozenset[Cell]:
        return self.small | self.hidden | self.withheld

    @property
    def under_threshold(self) -> frozenset[Cell]:
        """The small counts, flagged or not: the numbers the rules protect."""
        return self.small | self.withheld

    def published(self) -> list[tuple[Cell, Status, int | None]]:
        """Every number as the public sees it, in the table's order."""
        return [(cell, self.status(cell), self.shown(cell)) for cell in self.table.cells]
