"""metrics.sql on PySpark and on DuckDB over the same Parquet inputs: every number of every table.

Each case scans real inputs (the hand-made fixtures with page dumps and a features file, and the
real 2017 dump head), which computes the metrics on DuckDB into the store and writes the Parquet
inputs beside it; then Spark (local mode, one session for this module) runs the same SQL over
those files and writes its results as Parquet, which are read back here and compared with the
store's tables: the same columns in the same order, the same rows by key, ints and strings
exactly, floats within a relative 1e-9.

Without Java or pyspark the tests skip with the reason; with RIGHTSDESK_REQUIRE_SPARK=1 (CI) they
fail instead.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from django.core.management import CommandError, call_command

from rightsdesk.gaps import services, store
from rightsdesk.gaps.metrics import INPUT_TABLES, datalake
from rightsdesk.gaps.metrics import spark as on_spark
from rightsdesk.gaps.readers.sqldump import column_index, iter_rows
from rightsdesk.gaps.topics.io import read_topics

from .conftest import DUMP_HEAD, FIXTURES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The key of each result table: one row per key in both engines (checked, not assumed).
KEYS = {
    "topic_importance": ("qid",),
    "wiki_norm": ("wiki",),
    "feature_quality": ("wiki", "title"),
    "topic_wiki": ("qid", "wiki"),
    "wiki_need": ("wiki",),
    "wiki_metrics": ("wiki",),
    "topic_metrics": ("qid",),
}
# Why 1e-9 and not equality: both engines compute in IEEE doubles with the same functions, but
# SUM over a group adds in whatever order the engine's hash aggregation and partitions deliver
# the rows, and float addition is not associative; each reordering moves the last bit or two
# (about 1e-16 relative per addition, so 1e-13 at most over the few thousand terms here). 1e-9
# is far above that noise and far below any difference a changed formula, constant, join or
# rounding would make (the smallest such change in these metrics is around 1e-4). Values that
# are exactly zero in one engine must be below 1e-12 in the other.
REL_TOL = 1e-9
ABS_TOL = 1e-12

Table = dict[tuple[Any, ...], dict[str, Any]]


def _unavailable() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (make setup installs the spark extra)"
    if not on_spark.java_available():
        return "no Java runtime (Debian: apt-get install default-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """One small local Spark for the module: its JVM start is most of the cost."""
    reason = _unavailable()
    if reason:
        if os.environ.get("RIGHTSDESK_REQUIRE_SPARK") == "1":
            pytest.fail(f"RIGHTSDESK_REQUIRE_SPARK=1 but {reason}")
        pytest.skip(reason)
    session = on_spark.local_session(
        master="local[2]", work_dir=tmp_path_factory.mktemp("spark"), small=True
    )
    yield session
    session.stop()


def _keyed(rows: list[dict[str, Any]], table: str, engine: str) -> Table:
    keyed = {tuple(row[k] for k in KEYS[table]): row for row in rows}
    assert len(keyed) == len(rows), f"{engine} {table}: a key appears twice"
    return keyed


def _read(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[str] | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return names, [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def duckdb_tables(path: Path) -> dict[str, tuple[list[str], Table]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = {}
        for table in KEYS:
            names, rows = _read(con, f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            found[table] = (names, _keyed(rows, table, "DuckDB"))
        return found
    finally:
        con.close()


def spark_tables(output: Path) -> dict[str, tuple[list[str], Table]]:
    """Spark's result files, read back with DuckDB's Parquet reader (what a consumer sees)."""
    con = duckdb.connect()
    try:
        found = {}
        for table in KEYS:
            names, rows = _read(
                con, "SELECT * FROM read_parquet(?)", [f"{output / table}/*.parquet"]
            )
            found[table] = (names, _keyed(rows, table, "Spark"))
        return found
    finally:
        con.close()


def assert_same_value(table: str, key: tuple[Any, ...], column: str, a: Any, b: Any) -> None:
    """Same kind (None, bool, int, float, str) in both; floats within the tolerance, the rest
    exactly (so an int never passes for a float, nor a missing value for a zero)."""
    where = f"{table}{list(key)}.{column}: DuckDB {a!r}, Spark {b!r}"
    assert type(a) is type(b), where
    if isinstance(a, float):
        assert math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL), where
    else:
        assert a == b, where


def assert_same_tables(
    duck: dict[str, tuple[list[str], Table]], spark: dict[str, tuple[list[str], Table]]
) -> int:
    """Every table, column, row and value; returns how many numbers were compared."""
    numbers = 0
    for table in KEYS:
        duck_names, duck_rows = duck[table]
        spark_names, spark_rows = spark[table]
        assert duck_names == spark_names, f"{table}: columns differ"
        assert duck_rows.keys() == spark_rows.keys(), f"{table}: row sets differ"
        for key, row in duck_rows.items():
            for column in duck_names:
                assert_same_value(table, key, column, row[column], spark_rows[key][column])
                numbers += isinstance(row[column], int | float)
    return numbers


def _scan_fixtures(tmp_path: Path) -> services.ScanSummary:
    """The hand-made fixtures, with every optional input so every statement has rows: page dumps
    for three wikis (the p95 basis) and a features file (feature quality, length fallback)."""
    features = tmp_path / "features.tsv"
    features.write_text(
        "wiki\ttitle\tcharacters\trefs\twikilinks\tcategories\tmedia\theadings\n"
        "dewiki\tAlpha\t5200\t12\t80\t4\t1\t6\n"
        "dewiki\tBeta\t900\t1\t9\t2\t0\t1\n"
        "enwiki\tHuman rights in Myanmar\t31000\t140\t610\t19\t7\t33\n"
        "mywiki\tအယ်လ်ဖာ\t350\t0\t3\t1\t0\t0\n"
        "enwiki\tBeta\t0\t0\t0\t0\t0\t0\n",
        encoding="utf-8",
    )
    topics, header = read_topics(FIXTURES / "small-topics.tsv")
    return services.scan(
        dump=FIXTURES / "small-dump.json",
        topics=topics,
        topic_source=header,
        page_dumps=[
            (None, FIXTURES / f"{w}-20240101-page.sql") for w in ("mywiki", "enwiki", "dewiki")
        ],
        features=features,
    )


def test_spark_and_duckdb_agree_on_the_fixtures(
    spark: SparkSession, data_dir: Path, tmp_path: Path
) -> None:
    summary = _scan_fixtures(tmp_path)
    output = tmp_path / "spark-results"
    assert on_spark.run(spark, store.inputs_dir(summary.store), output) == list(KEYS)
    duck = duckdb_tables(summary.store)
    numbers = assert_same_tables(duck, spark_tables(output))
    # Not a comparison of empty tables: every statement produced rows here.
    assert all(rows for _, rows in duck.values()), "a result table is empty"
    bases = {row["length_basis"] for row in duck["wiki_norm"][1].values()}
    assert {"page-dump-p95", "feature-file"} <= bases
    assert numbers > 1000


def test_spark_and_duckdb_agree_on_the_dump_head_through_the_command_line(
    spark: SparkSession, data_dir: Path
) -> None:
    """`gaps demo` (the 49-item dump head, every item a topic), then `gaps spark`: the command
    uses this module's session, leaves it running, and writes every table."""
    call_command("gaps", "demo", "--dump", str(DUMP_HEAD), stdout=StringIO())
    out = StringIO()
    call_command("gaps", "spark", stdout=out)
    assert "7 tables written" in out.getvalue()
    duck = duckdb_tables(store.published_path())
    numbers = assert_same_tables(duck, spark_tables(data_dir / "gaps" / "spark-results"))
    for table in ("topic_importance", "topic_wiki", "wiki_need", "wiki_metrics", "topic_metrics"):
        assert duck[table][1], f"{table} is empty"
    assert numbers > 50_000  # non-null ints and floats; topic_wiki alone has 49 x 344 rows
    assert spark.sparkContext._jsc is not None


def _lake_shaped_tables(spark: SparkSession) -> None:
    """`wikidata_entity` and `mediawiki_page` temporary views with the columns and types of
    Wikimedia's tables (analytics-refinery's definitions), filled from the fixtures, plus rows
    the lake has and the dumps given to the scan do not: another snapshot, a Commons sitelink,
    a talk page."""
    from pyspark.sql.types import (  # noqa: PLC0415 - pyspark is optional
        ArrayType,
        BooleanType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    link = StructType(
        [
            StructField("site", StringType()),
            StructField("title", StringType()),
            StructField("badges", ArrayType(StringType())),
            StructField("url", StringType()),
        ]
    )
    entities = []
    for line in (FIXTURES / "small-dump.json").read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            item = json.loads(line.rstrip(","))
            links: list[tuple[str, str, list[str], None]] = [
                (s["site"], s["title"], [], None) for s in item["sitelinks"].values()
            ]
            entities.append((item["id"], "item", links, "2024-01-01"))
            entities.append((item["id"], "item", links[:1], "2023-12-25"))
    entities.append(("Q1001", "item", [("commonswiki", "Category:Alpha", [], None)], "2024-01-01"))
    spark.createDataFrame(
        entities,
        StructType(
            [
                StructField("id", StringType()),
                StructField("typ", StringType()),
                StructField("sitelinks", ArrayType(link)),
                StructField("snapshot", StringType()),
            ]
        ),
    ).createOrReplaceTempView("wikidata_entity")
    pages = []
    for wiki in ("mywiki", "enwiki", "dewiki"):
        for info, row in iter_rows(FIXTURES / f"{wiki}-20240101-page.sql", table="page"):
            ns, title, redirect, length = (
                row[column_index(info, c)]
                for c in ("page_namespace", "page_title", "page_is_redirect", "page_len")
            )
            pages.append((wiki, ns, title, bool(redirect), length, "2024-01"))
            pages.append((wiki, 1, title, False, 10**6, "2024-01"))  # its talk page
            pages.append((wiki, ns, title, False, 1, "2023-12"))  # last month's length
    spark.createDataFrame(
        pages,
        StructType(
            [
                StructField("wiki_db", StringType()),
                StructField("page_namespace", IntegerType()),
                StructField("page_title", StringType()),
                StructField("page_is_redirect", BooleanType()),
                StructField("page_len", LongType()),
                StructField("snapshot", StringType()),
            ]
        ),
    ).createOrReplaceTempView("mediawiki_page")


def test_the_data_lake_inputs_give_the_same_metrics_as_the_dumps(
    spark: SparkSession, data_dir: Path, tmp_path: Path
) -> None:
    """docs/gaps.md's data-lake path, run here on tables shaped like the lake's: the inputs it
    derives (sitelinks, item counts, lengths, 95th percentiles) and so every metric equal the
    scan's from the dumps."""
    summary = _scan_fixtures(tmp_path)
    inputs = store.inputs_dir(summary.store)
    for table in datalake.SMALL_TABLES:
        spark.read.parquet(str(inputs / f"{table}.parquet")).createOrReplaceTempView(table)
    _lake_shaped_tables(spark)
    datalake.register_lake_inputs(
        spark,
        wikidata_snapshot="2024-01-01",
        page_snapshot="2024-01",
        entity_table="wikidata_entity",
        page_table="mediawiki_page",
    )
    output = tmp_path / "lake-results"
    on_spark.write_results(spark, on_spark.compute(spark), output)
    assert_same_tables(duckdb_tables(summary.store), spark_tables(output))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        datalake.register_lake_inputs(
            spark, wikidata_snapshot="2024-01-01' OR '1", page_snapshot="2024-01"
        )


def test_the_comparison_catches_a_difference_in_any_kind_of_value() -> None:
    """The comparison above can fail: a float off by 1e-6, an int off by one, a missing row."""
    row = {"wiki": "mywiki", "present": 2, "coverage": 0.5, "is_open": True, "name": "x"}
    names = list(row)
    base = {"wiki_metrics": (names, {("mywiki",): row})}
    empty: Table = {}
    tables = dict.fromkeys(KEYS, (names, empty))

    def variant(**changes: Any) -> dict[str, tuple[list[str], Table]]:
        return {**tables, "wiki_metrics": (names, {("mywiki",): {**row, **changes}})}

    assert_same_tables({**tables, **base}, variant(coverage=0.5 * (1 + 1e-12)))  # noise: equal
    for changed in (
        variant(coverage=0.5 * (1 + 1e-6)),
        variant(present=3),
        variant(present=2.0),
        variant(is_open=False),
        variant(name="y"),
        variant(coverage=None),
        {**tables, "wiki_metrics": (names, {})},
        {**tables, "wiki_metrics": ([*reversed(names)], base["wiki_metrics"][1])},
    ):
        with pytest.raises(AssertionError):
            assert_same_tables({**tables, **base}, changed)


def test_every_statement_is_a_create_table_as() -> None:
    """The one translation Spark needs; a statement of another shape is refused, not run."""
    assert [name for name, _ in on_spark.spark_statements()] == list(KEYS)
    with pytest.raises(ValueError, match="not a CREATE TABLE"):
        on_spark.spark_statements("CREATE VIEW v AS SELECT 1;\n")


def test_the_scan_writes_every_input_table_as_parquet(data_dir: Path, tmp_path: Path) -> None:
    summary = _scan_fixtures(tmp_path)
    inputs = store.inputs_dir(summary.store)
    con = duckdb.connect(str(summary.store), read_only=True)
    for table in (*INPUT_TABLES, "meta"):
        parquet = inputs / f"{table}.parquet"
        (stored,) = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone() or (0,)  # noqa: S608
        written = duckdb.execute("SELECT COUNT(*) FROM read_parquet(?)", [str(parquet)]).fetchall()
        assert written == [(stored,)], table
    con.close()
    # A second scan replaces the inputs; no staging or old directory is left behind.
    services.scan(dump=DUMP_HEAD, topics=None)
    assert sorted(p.name for p in summary.store.parent.iterdir() if "inputs" in p.name) == [
        inputs.name
    ]


def test_cli_spark_before_any_scan_names_the_missing_inputs(data_dir: Path) -> None:
    with pytest.raises(CommandError, match="no Parquet inputs; run `rightsdesk gaps scan"):
        call_command("gaps", "spark", stdout=StringIO())
