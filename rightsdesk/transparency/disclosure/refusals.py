"""The refusal a release meets when a table would give a small count away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rightsdesk.core.refusals import Refused
from rightsdesk.transparency.disclosure.wording import refusal_message

if TYPE_CHECKING:
    from rightsdesk.transparency.disclosure.audit import Where
    from rightsdesk.transparency.disclosure.tables import Cell, CountTable


class DisclosureRefused(Refused):
    """A table would publish a count under the threshold, or let a reader work one out (alone,
    or together with an earlier release). Nothing is published; `table` and `cell` say where.
    """

    status = 409
    code = "disclosure"

    def __init__(self, table: CountTable, cell: Cell, *, where: Where | None = None) -> None:
        self.table = table.name
        self.cell = cell
        self.labels = table.labels(cell)
        self.where = where
        super().__init__(refusal_message(table, cell, where))
