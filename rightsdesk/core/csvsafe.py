"""CSV for people who open it in a spreadsheet: no cell can run as a formula.

Why: a member's pseudonym, a Wikipedia's language name or an article title comes from people we
do not control. In Excel, LibreOffice or Google Sheets a cell that starts with ``=``, ``+``,
``-``, ``@`` (and for some, ``|`` or ``%``) is a formula, which can fetch a URL carrying the
sheet's contents or run a command (CSV injection, OWASP). Every CSV the project writes for
download goes through this module; ``defusedcsv`` prefixes such cells with ``'``. It leaves a
leading tab or carriage return alone, which OWASP lists too (spreadsheets skip them and then
read the formula), so those are prefixed here before ``defusedcsv`` sees the cell. Numbers,
booleans and negative numbers written as text (``-1.5``) are left as they are.

Machine-read tables (the DuckDB spool in ``gaps.store``, the topic files read back by
``gaps.topics.io``) are not spreadsheet exports and keep the plain ``csv`` module: a prefix
there would change the data.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Literal, TextIO

from defusedcsv import csv as defused

_SKIPPED_BEFORE_A_FORMULA = ("\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_SKIPPED_BEFORE_A_FORMULA):
        return "'" + value
    return value


class Writer:
    """`csv.writer` whose every text cell is neutralised."""

    def __init__(self, out: TextIO, **fmtparams: Any) -> None:
        self._inner = defused.writer(out, **fmtparams)

    def writerow(self, row: Iterable[object]) -> None:
        self._inner.writerow([_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter:
    """`csv.DictWriter` whose every text cell (the header too) is neutralised."""

    def __init__(
        self,
        out: TextIO,
        fieldnames: Collection[str],
        *,
        extrasaction: Literal["raise", "ignore"] = "raise",
        **fmtparams: Any,
    ) -> None:
        self._inner = defused.DictWriter(
            out, list(fieldnames), extrasaction=extrasaction, **fmtparams
        )

    def writeheader(self) -> None:
        self._inner.writeheader()

    def writerow(self, row: Mapping[str, object]) -> None:
        self._inner.writerow({key: _cell(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, object]]) -> None:
        for row in rows:
            self.writerow(row)
