"""The observatory's analytical store: one DuckDB file under DATA_DIR/gaps/.

A scan builds a new file beside the published one and renames it over it when everything
succeeded, so the public pages never read a half-built store and a failed scan leaves the last
good one in place. Readers open the file read-only, one connection per request.

Beside the store, in `observatory-inputs/`, the scan leaves the tables the metrics read as Parquet
files (one `<table>.parquet` each, plus `meta.parquet`): the inputs of `rightsdesk gaps spark`,
which runs the same metrics.sql on Spark (metrics/spark.py, docs/gaps.md).
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from rightsdesk.gaps import refdata
from rightsdesk.gaps.metrics import INPUT_TABLES

STORE_NAME = "observatory.duckdb"

SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE topics (qid VARCHAR PRIMARY KEY, grp VARCHAR, series VARCHAR, country VARCHAR,
                     label VARCHAR);
CREATE TABLE sitelinks (qid VARCHAR, wiki VARCHAR, title VARCHAR);
CREATE TABLE wiki_items (wiki VARCHAR PRIMARY KEY, items BIGINT);
CREATE TABLE pages (wiki VARCHAR, title VARCHAR, page_len BIGINT, is_redirect BOOLEAN);
CREATE TABLE wiki_lengths (wiki VARCHAR PRIMARY KEY, p95_len BIGINT, articles BIGINT);
CREATE TABLE features (wiki VARCHAR, title VARCHAR, characters DOUBLE, refs DOUBLE,
                       wikilinks DOUBLE, categories DOUBLE, media DOUBLE, headings DOUBLE);
CREATE TABLE wikis (wiki VARCHAR PRIMARY KEY, subdomain VARCHAR, language VARCHAR,
                    language_name VARCHAR, is_open BOOLEAN);
CREATE TABLE countries (iso VARCHAR PRIMARY KEY, name VARCHAR, qid VARCHAR, risk DOUBLE);
CREATE TABLE territories (language VARCHAR, iso VARCHAR, status VARCHAR);
CREATE TABLE maxima (wiki VARCHAR PRIMARY KEY, num_pages BIGINT, max_length DOUBLE,
                     max_media DOUBLE, max_cats DOUBLE, max_refs DOUBLE, max_headings DOUBLE,
                     max_links DOUBLE);
"""


def gaps_dir() -> Path:
    """DATA_DIR/gaps, created private on first use."""
    path = Path(settings.DATA_DIR) / "gaps"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def published_path() -> Path:
    return gaps_dir() / STORE_NAME


def inputs_dir(store: Path | None = None) -> Path:
    """The Parquet inputs published beside a store (`observatory.duckdb`: `observatory-inputs/`)."""
    store = store or published_path()
    return store.with_name(f"{store.stem}-inputs")


def _quoted(path: Path) -> str:
    """A path as an SQL string literal (COPY takes no bound parameter for its file name)."""
    return "'" + str(path).replace("'", "''") + "'"


def connect_published() -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the published store, or None on a fresh install."""
    path = Path(settings.DATA_DIR) / "gaps" / STORE_NAME
    if not path.is_file():
        return None
    return duckdb.connect(str(path), read_only=True)


class Spool:
    """Rows on their way into one table; see `StagingStore.spool`."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self.count = 0

    def add(self, row: Sequence[Any]) -> None:
        self.writer.writerow(["\\N" if v is None else v for v in row])
        self.count += 1


class StagingStore:
    """A store being built. Call `publish()` once everything is in; `discard()` on failure."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or gaps_dir()
        self.path = directory / f".staging-{os.getpid()}.duckdb"
        self.path.unlink(missing_ok=True)
        self.inputs: Path | None = None
        self.con = duckdb.connect(str(self.path))
        self.con.execute(SCHEMA)
        self._spool_dir = directory
        self._load_reference()

    def _load_reference(self) -> None:
        wikis = refdata.wikipedias().values()
        self.insert(
            "wikis",
            [(w.code, w.subdomain, w.language, w.language_name, w.open) for w in wikis],
        )
        countries = refdata.countries().values()
        self.insert("countries", [(c.iso, c.name, c.qid, c.risk) for c in countries])
        self.insert("territories", [(t.language, t.iso, t.status) for t in refdata.territories()])
        maxima = refdata.feature_maxima().values()
        self.insert(
            "maxima",
            [
                (
                    m.wiki,
                    m.num_pages,
                    m.max_length,
                    m.max_media,
                    m.max_cats,
                    m.max_refs,
                    m.max_headings,
                    m.max_links,
                )
                for m in maxima
            ],
        )

    def insert(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Bulk insert through a spooled TSV file (DuckDB's COPY is far faster than executemany)."""
        with self.spool(table) as spool:
            for row in rows:
                spool.add(row)
        return spool.count

    @contextmanager
    def spool(self, table: str) -> Iterator[Spool]:
        """Rows added inside the block are written to disk, then loaded in one COPY at the end:
        memory stays flat however many rows a scan produces."""
        path = self._spool_dir / f".spool-{os.getpid()}-{table}.tsv"
        try:
            with path.open("w", encoding="utf-8", newline="") as handle:
                spool = Spool(csv.writer(handle, delimiter="\t", lineterminator="\n"))
                yield spool
            if spool.count:
                self.con.execute(
                    f"COPY {table} FROM '{path}' "
                    "(DELIMITER '\t', QUOTE '\"', ESCAPE '\"', HEADER false, NULLSTR '\\N')"
                )
        finally:
            path.unlink(missing_ok=True)

    def set_meta(self, **values: object) -> None:
        for key, value in values.items():
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, "" if value is None else value]
            )

    def export_inputs(self) -> Path:
        """Write every table metrics.sql reads (and meta, for provenance) as Parquet into a staging
        directory that `publish()` moves beside the store. Call once the inputs are complete."""
        directory = self._spool_dir / f".staging-{os.getpid()}-inputs"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(mode=0o700)
        self.inputs = directory
        for table in (*INPUT_TABLES, "meta"):
            self.con.execute(
                f"COPY {table} TO {_quoted(directory / f'{table}.parquet')} (FORMAT PARQUET)"
            )
        return directory

    def publish(self, target: Path | None = None) -> Path:
        """Checkpoint, close and atomically replace the published store; then put the Parquet
        inputs (if exported) in place of the old ones. Between those two renames a Spark run
        finds no inputs directory and stops with an error; it never reads a mixture."""
        target = target or published_path()
        self.con.execute("CHECKPOINT")
        self.con.close()
        os.replace(self.path, target)
        if self.inputs is not None:
            published = inputs_dir(target)
            old = published.with_name(f".old-{os.getpid()}-{published.name}")
            if published.exists():
                os.replace(published, old)
            os.replace(self.inputs, published)
            shutil.rmtree(old, ignore_errors=True)
            self.inputs = None
        return target

    def discard(self) -> None:
        try:
            self.con.close()
        finally:
            self.path.unlink(missing_ok=True)
            Path(str(self.path) + ".wal").unlink(missing_ok=True)
            if self.inputs is not None:
                shutil.rmtree(self.inputs, ignore_errors=True)
