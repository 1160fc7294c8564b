"""Opening and checking an HSDS package's files: the zip within bounds, `datapackage.json`, each
CSV's columns, ids and required cells, typed cells; every problem is kept, naming the file and
the row (rows as a spreadsheet numbers them: the header is row 1). Used by `load`, which links the
rows into organisations; nothing here reads or writes the database."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from rightsdesk.partners.directory.hsds.tables import BY_PATH, ORGANIZATIONS, Table

# A zip is opened only within these bounds (a small zip can unpack to gigabytes).
MAX_MEMBERS = 20
MAX_UNPACKED_BYTES = 50_000_000
MAX_ERRORS = 200
_FORMULA = frozenset("@+-=|%")
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}


class PackageInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors[:3]))


def cell_unescape(value: str) -> str:
    """Undo `export.cell_escape` and rightsdesk.core.csvsafe: a leading `'` before a formula
    character (defusedcsv also wrote each `|` as `\\|` then, the first one included), a tab or a
    CR, or a second `'`."""
    if len(value) > 1 and value[0] == "'":
        # A cell that began with "|" became "'\|...": the pipe is escaped before the mark.
        if value[1] in _FORMULA or value.startswith("'\\|"):
            return value[1:].replace("\\|", "|")
        if value[1] in "\t\r'":
            return value[1:]
    return value


class PackageReader:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, row: int | None, problem: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            return
        if row is None:
            self.errors.append(_("%(file)s: %(problem)s") % {"file": path, "problem": problem})
        else:
            self.errors.append(
                _("%(file)s, row %(row)d: %(problem)s")
                % {"file": path, "row": row, "problem": problem}
            )

    def open_zip(self, data: bytes) -> dict[str, bytes]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            raise PackageInvalid([_("This is not a zip file.")]) from None
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise PackageInvalid([_("The zip holds too many or too large files.")])
        files: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            if info.filename != "datapackage.json" and info.filename not in BY_PATH:
                self.error(info.filename, None, _("unknown file; expected only the tables."))
                continue
            try:
                files[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError):
                self.error(info.filename, None, _("cannot be read from the zip."))
        return files

    def check_descriptor(self, files: dict[str, bytes]) -> None:
        raw = files.get("datapackage.json")
        if raw is None:
            self.error("datapackage.json", None, _("missing."))
            return
        try:
            descriptor = json.loads(raw.decode("utf-8-sig"))
            resources = descriptor["resources"]
            declared = {str(r["path"]) for r in resources}
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            self.error("datapackage.json", None, _("not a data package descriptor."))
            return
        for path in sorted(declared - set(BY_PATH)):
            self.error("datapackage.json", None, _("unknown table %(path)s.") % {"path": path})
        for path in sorted(set(files) - declared - {"datapackage.json"}):
            self.error(path, None, _("not declared in datapackage.json."))
        if ORGANIZATIONS.path not in files:
            self.error(ORGANIZATIONS.path, None, _("missing."))

    def rows(self, table: Table, files: dict[str, bytes]) -> list[tuple[int, dict[str, str]]]:
        """The table's rows (row number, cells), checked for columns, ids and required cells."""
        raw = files.get(table.path)
        if raw is None:
            return []
        try:
            text = raw.decode("utf-8-sig")
            records = list(csv.reader(io.StringIO(text, newline="")))
        except (UnicodeDecodeError, csv.Error):
            self.error(table.path, None, _("not a UTF-8 CSV file."))
            return []
        if not records:
            self.error(table.path, None, _("empty: the header row is missing."))
            return []
        header = records[0]
        unknown = [name for name in header if name not in table.column_names]
        missing = [c.name for c in table.columns if c.required and c.name not in header]
        if unknown or missing or len(set(header)) != len(header):
            self.error(
                table.path,
                1,
                _("unknown columns: %(unknown)s; missing columns: %(missing)s.")
                % {"unknown": ", ".join(unknown) or "-", "missing": ", ".join(missing) or "-"},
            )
            return []
        out: list[tuple[int, dict[str, str]]] = []
        seen: set[str] = set()
        for number, record in enumerate(records[1:], start=2):
            if not any(record):
                continue
            if len(record) != len(header):
                self.error(table.path, number, _("wrong number of cells."))
                continue
            cells = {name: cell_unescape(value) for name, value in zip(header, record, strict=True)}
            bad = self._row_problem(table, cells)
            if bad:
                self.error(table.path, number, bad)
                continue
            for column in table.columns:
                if column.format == "uuid" and cells.get(column.name):
                    cells[column.name] = str(uuid.UUID(cells[column.name]))
            if cells["id"] in seen:
                self.error(table.path, number, _("the id %(id)s is used twice.") % cells)
                continue
            seen.add(cells["id"])
            out.append((number, cells))
        return out

    def _row_problem(self, table: Table, cells: dict[str, str]) -> str:
        for column in table.columns:
            value = cells.get(column.name, "")
            if column.required and not value.strip():
                return _("%(column)s is empty.") % {"column": column.name}
            if value and column.format == "uuid" and not is_uuid(value):
                return _("%(column)s is not a UUID.") % {"column": column.name}
            if value and column.enum and value not in column.enum:
                return _("%(column)s must be one of %(values)s.") % {
                    "column": column.name,
                    "values": ", ".join(column.enum),
                }
        return ""


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def parsed(value: str, kind: str) -> Any:
    """A typed cell: "date" (YYYY-MM-DD), "integer", "boolean"; ValueError when malformed."""
    if kind == "date":
        return date.fromisoformat(value) if value else None
    if kind == "integer":
        return int(value)
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise ValueError(value)
