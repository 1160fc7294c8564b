"""Reader for MediaWiki's SQL table dumps (`page`, `wb_items_per_site`), streamed row by row.

mysqldump writes a `CREATE TABLE` block and then long `INSERT INTO ... VALUES (...),(...);` lines.
Column positions are read from the `CREATE TABLE` block, never assumed: the `page` table gained and
lost columns over the years. Strings are single-quoted with backslash escapes; titles are UTF-8.
A line that does not parse is counted with its number and skipped, up to a limit (as in
`dumpscan`), because one bad line in a dump of millions should not stop a monthly run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rightsdesk.gaps.readers.compressed import DumpError, open_dump, read_lines

SqlValue = int | float | str | None

_CREATE = re.compile(rb"CREATE TABLE `([A-Za-z0-9_]+)` \(")
_COLUMN = re.compile(rb"\s*`([A-Za-z0-9_]+)` ")
_INSERT = re.compile(rb"INSERT INTO `([A-Za-z0-9_]+)` VALUES ")
_DATABASE = re.compile(rb"^-- Host: .*Database: ([A-Za-z0-9_]+)")
_ROW = re.compile(rb"\(((?:'(?:[^'\\]|\\.)*'|[^'()])*)\)", re.DOTALL)
_FIELD = re.compile(rb"'((?:[^'\\]|\\.)*)'|(NULL)|([^,']+)", re.DOTALL)
_ESCAPE = re.compile(rb"\\(.)", re.DOTALL)
_ESCAPES = {b"0": b"\0", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"Z": b"\x1a", b"b": b"\b"}
_NUMBER = re.compile(rb"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


class MalformedRow(ValueError):
    """An INSERT line or a tuple in it that is not valid mysqldump output."""


@dataclass
class SqlDumpInfo:
    """What the dump says about itself; filled in as the header is read."""

    path: Path
    table: str = ""
    database: str = ""
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    malformed: int = 0
    malformed_lines: list[tuple[int, str]] = field(default_factory=list)


def unescape(raw: bytes) -> bytes:
    """Undo mysqldump's string escaping (`\\'`, `\\\\`, `\\n`, ...)."""
    if b"\\" not in raw:
        return raw
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw)


def parse_value(match: re.Match[bytes]) -> SqlValue:
    quoted, null, bare = match.group(1), match.group(2), match.group(3)
    if quoted is not None:
        try:
            return unescape(quoted).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedRow("a string is not UTF-8") from exc
    if null is not None:
        return None
    bare = bare.strip()
    if not _NUMBER.match(bare):
        raise MalformedRow(f"unexpected value {bare[:20]!r}")
    return float(bare) if (b"." in bare or b"e" in bare or b"E" in bare) else int(bare)


def parse_tuple(inner: bytes) -> tuple[SqlValue, ...]:
    """The values of one `(...)` tuple, given what is between the parentheses."""
    values: list[SqlValue] = []
    pos, end = 0, len(inner)
    while True:
        match = _FIELD.match(inner, pos)
        if match is None:
            raise MalformedRow("a tuple has an empty or unreadable value")
        values.append(parse_value(match))
        pos = match.end()
        if pos == end:
            return tuple(values)
        if inner[pos : pos + 1] != b",":
            raise MalformedRow("values in a tuple are not separated by commas")
        pos += 1


def parse_insert(line: bytes) -> tuple[str, list[tuple[SqlValue, ...]]]:
    """(table, rows) of one `INSERT INTO` line; raises MalformedRow if it is cut or garbled."""
    match = _INSERT.match(line)
    if match is None:
        raise MalformedRow("not an INSERT line")
    table = match.group(1).decode("ascii")
    body = line.rstrip()
    rows: list[tuple[SqlValue, ...]] = []
    pos = match.end()
    while True:
        row = _ROW.match(body, pos)
        if row is None:
            raise MalformedRow(f"tuple {len(rows) + 1} does not parse")
        rows.append(parse_tuple(row.group(1)))
        pos = row.end()
        separator = body[pos : pos + 1]
        if separator == b";" and pos + 1 == len(body):
            return table, rows
        if separator != b",":
            raise MalformedRow(f"line is cut or garbled after tuple {len(rows)}")
        pos += 1


def iter_rows(  # noqa: PLR0912 - a line-type dispatch reads best in one loop
    path: Path, *, table: str, max_malformed: int = 1000
) -> Iterator[tuple[SqlDumpInfo, tuple[SqlValue, ...]]]:
    """Yield (info, row) for every row of `table` in the dump at `path`.

    `info.columns` is filled in from the CREATE TABLE block before the first row is yielded;
    callers look columns up by name with `column_index`. Raises DumpError naming the file and
    line when the file is not a dump of `table`, or is truncated or corrupt.
    """
    info = SqlDumpInfo(path=path)
    in_create = False
    saw_sql = False
    with open_dump(path) as (stream, _counter):
        for number, line in read_lines(path, stream):
            if not saw_sql and line.strip():
                if not line.startswith((b"--", b"/*", b"CREATE", b"DROP", b"INSERT", b"SET")):
                    raise DumpError(
                        f"{path}: line {number} is not mysqldump output; expected the SQL dump "
                        f"of table `{table}`"
                    )
                saw_sql = True
            if line.startswith(b"-- Host:"):
                database = _DATABASE.match(line)
                if database:
                    info.database = database.group(1).decode("ascii")
                continue
            if in_create:
                column = _COLUMN.match(line)
                if column:
                    info.columns.append(column.group(1).decode("ascii"))
                elif line.startswith(b")"):
                    in_create = False
                continue
            create = _CREATE.match(line)
            if create:
                info.table = create.group(1).decode("ascii")
                _check_table(path, number, info.table, table)
                in_create = True
                continue
            if not line.startswith(b"INSERT INTO"):
                continue
            try:
                found, rows = parse_insert(line)
            except MalformedRow as exc:
                info.malformed += 1
                if len(info.malformed_lines) < 20:
                    info.malformed_lines.append((number, str(exc)))
                if info.malformed > max_malformed:
                    raise DumpError(
                        f"{path}: more than {max_malformed:,} malformed INSERT lines, "
                        f"first at line {info.malformed_lines[0][0]}"
                    ) from exc
                continue
            _check_table(path, number, found, table)
            if not info.columns:
                raise DumpError(f"{path}: line {number}: rows come before any CREATE TABLE")
            for row in rows:
                info.rows += 1
                yield info, row
    if not saw_sql:
        raise DumpError(f"{path}: the file is empty")


def _check_table(path: Path, number: int, found: str, expected: str) -> None:
    if found != expected:
        raise DumpError(
            f"{path}: line {number}: this is a dump of table `{found}`, expected `{expected}`"
        )


def column_index(info: SqlDumpInfo, name: str) -> int:
    """Position of column `name`; a DumpError if the dump's table has no such column."""
    try:
        return info.columns.index(name)
    except ValueError:
        raise DumpError(
            f"{info.path}: table `{info.table}` has no column `{name}` "
            f"(columns: {', '.join(info.columns)})"
        ) from None
