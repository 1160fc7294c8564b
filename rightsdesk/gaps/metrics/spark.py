"""metrics.sql on Spark SQL: the same statements DuckDB runs, over the Parquet inputs a scan wrote.

The one translation: DuckDB's `CREATE TABLE name AS query` becomes Spark's `CACHE TABLE name AS
query`, a temporary view materialised at once (as DuckDB's table is), so the later statements
read it by the same name. Everything after `AS` is passed to Spark unchanged; a statement of any
other shape is refused rather than rewritten. No Django here: this module also runs inside a
PySpark session on Wikimedia's cluster, where the input views come from the data lake instead of
Parquet files (docs/gaps.md, "On Wikimedia's data lake").

pyspark is imported only inside the functions that need it (it is the optional `spark` extra and
needs a Java runtime), so importing this module costs nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rightsdesk.gaps.metrics import INPUT_TABLES, SQL_FILE, statements

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

NO_PYSPARK = "pyspark is not installed: pip install 'rightsdesk[spark]'"
_CREATE = re.compile(r"CREATE TABLE (\w+) AS\s", re.IGNORECASE)


class SparkUnavailable(RuntimeError):
    """pyspark is not installed or no Java runtime was found; the message says which."""


def spark_statements(sql: str | None = None) -> list[tuple[str, str]]:
    """(table, query) for each statement of metrics.sql, in order. Raises ValueError on a
    statement that is not `CREATE TABLE name AS query` (it would need a real translation)."""
    found = []
    for statement in statements(sql if sql is not None else SQL_FILE.read_text(encoding="utf-8")):
        match = _CREATE.match(statement)
        if match is None:
            raise ValueError(f"metrics.sql: not a CREATE TABLE ... AS: {statement[:60]!r}")
        found.append((match.group(1), statement[match.end() :].rstrip(";")))
    return found


def result_tables() -> list[str]:
    """The tables metrics.sql creates, in order (topic_importance ... topic_metrics)."""
    return [name for name, _ in spark_statements()]


def java_available() -> bool:
    """PySpark starts its JVM with $JAVA_HOME/bin/java, else `java` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return True
    return shutil.which("java") is not None


def local_session(
    *,
    master: str = "local[2]",
    work_dir: Path | None = None,
    driver_memory: str = "1g",
    small: bool = False,
) -> SparkSession:
    """A local Spark session, loopback only: no UI, 2 shuffle partitions, the driver bound to
    127.0.0.1, an in-memory catalogue (no Hive metastore, no spark-warehouse/ in the current
    directory). `small=True` (tests, the dump head) trades throughput for start-up: the JVM's
    quick compiler only, Spark's interpreted expressions instead of generated Java code (which
    compiles slower than a few thousand rows take to compute) and no adaptive re-planning. The
    results are the same: both paths evaluate the same expressions in double precision. The
    caller stops the session (`.stop()`)."""
    if not java_available():
        raise SparkUnavailable(
            "no Java runtime: install Debian's default-jre-headless (or set JAVA_HOME)"
        )
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415 - the optional `spark` extra
    except ImportError:
        raise SparkUnavailable(NO_PYSPARK) from None
    # Spark looks the host name up to pick an address unless told; loopback, always.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # Python workers (for data built in Python) must run this interpreter, not `python3`.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("rightsdesk-gaps-metrics")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if small:
        builder = (
            builder.config(
                "spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
            )
            .config("spark.sql.codegen.wholeStage", "false")
            .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
            .config("spark.sql.adaptive.enabled", "false")
        )
    if work_dir is not None:
        builder = builder.config("spark.local.dir", str(work_dir)).config(
            "spark.sql.warehouse.dir", str(work_dir / "warehouse")
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def register_inputs(spark: SparkSession, directory: Path) -> None:
    """Each input table as a temporary view over `<directory>/<table>.parquet`. Raises
    FileNotFoundError naming the first missing file (a scan writes all of them)."""
    for table in INPUT_TABLES:
        path = directory / f"{table}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file (run `rightsdesk gaps scan` first)")
        spark.read.parquet(str(path)).createOrReplaceTempView(table)


def compute(spark: SparkSession, on_step: Callable[[str, float], None] | None = None) -> list[str]:
    """Run metrics.sql's statements over the input views already registered (from Parquet with
    `register_inputs`, or from the data lake); return the result table names, in order.
    `on_step(table, seconds)` is called after each statement."""
    names = []
    for name, query in spark_statements():
        started = time.perf_counter()
        drop(spark, [name])  # a result of an earlier run in this session
        spark.sql(f"CACHE TABLE {name} AS {query}")
        names.append(name)
        if on_step is not None:
            on_step(name, time.perf_counter() - started)
    return names


def drop(spark: SparkSession, names: list[str]) -> None:
    """Uncache and drop these temporary views (results of `compute`), if they exist."""
    for name in names:
        spark.sql(f"UNCACHE TABLE IF EXISTS {name}")
        spark.catalog.dropTempView(name)


def write_results(spark: SparkSession, names: list[str], output: Path | str) -> None:
    """Each result table as Parquet, `<output>/<table>/` (Spark writes a directory of part
    files per table); existing ones are replaced. `output` may be an HDFS or S3 URI string."""
    base = str(output).rstrip("/")
    for name in names:
        spark.table(name).write.mode("overwrite").parquet(f"{base}/{name}")


def run(
    spark: SparkSession,
    inputs: Path,
    output: Path | str,
    on_step: Callable[[str, float], None] | None = None,
) -> list[str]:
    """Register the Parquet inputs, compute, write the results; return the result names."""
    register_inputs(spark, inputs)
    names = compute(spark, on_step)
    write_results(spark, names, output)
    return names
