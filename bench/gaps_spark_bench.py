"""Gap metrics on DuckDB vs Spark, side by side, on the real 2017 dump head.

Run: `.venv/bin/python bench/gaps_spark_bench.py [--rounds 3] [--master local[2]]`. Scans the
49-item dump head (every item a topic, as `rightsdesk gaps demo` does) into a temporary DATA_DIR,
which writes the Parquet inputs, then times on the same files:

1. DuckDB: load the ten input tables from Parquet into an in-memory database, run metrics.sql.
2. Spark (local mode, loopback): start the session (JVM included), then run metrics.sql over the
   Parquet inputs and write the seven result tables as Parquet; the run is timed `--rounds` times
   in one session (the first round pays the JVM's warm-up), for the default session and for the
   `small=True` one the tests and `gaps spark --small` use, each in its own process (a stopped
   session leaves its JVM, and that JVM's options, to the next one in the same process).
Also prints the machine's load average, because a shared machine moves these figures a lot, and
the CPU seconds of the JVM (from /proc, Linux only), which the load moves less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")
os.environ["RIGHTSDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="rightsdesk-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

import duckdb  # noqa: E402

from rightsdesk.gaps import metrics, services, store  # noqa: E402
from rightsdesk.gaps.management.commands.gaps import demo_dump  # noqa: E402
from rightsdesk.gaps.metrics import spark as on_spark  # noqa: E402


def jvm_cpu_seconds(pid: int) -> float:
    """User + system CPU of the driver JVM (spark-submit execs java, so the gateway's pid)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def duckdb_round(inputs: Path) -> tuple[float, float]:
    """(load seconds, metrics seconds) on a fresh in-memory database."""
    con = duckdb.connect()
    started = time.perf_counter()
    for table in metrics.INPUT_TABLES:
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)",  # noqa: S608 - fixed names
            [str(inputs / f"{table}.parquet")],
        )
    loaded = time.perf_counter()
    metrics.compute(con)
    done = time.perf_counter()
    con.close()
    return loaded - started, done - loaded


def spark_rounds(
    inputs: Path, work: Path, master: str, rounds: int, small: bool
) -> tuple[float, list[float], float]:
    """(session start seconds, seconds per round, JVM CPU seconds in all)."""
    started = time.perf_counter()
    session = on_spark.local_session(master=master, work_dir=work, small=small)
    ready = time.perf_counter() - started
    times = []
    try:
        for index in range(rounds):
            begun = time.perf_counter()
            on_spark.run(session, inputs, work / f"out-{index}")
            times.append(time.perf_counter() - begun)
        cpu = jvm_cpu_seconds(session.sparkContext._gateway.proc.pid)  # type: ignore[union-attr]
    finally:
        session.stop()
    return ready, times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--spark-child", choices=("small", "default"), help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spark_child:
        small = args.spark_child == "small"
        work = Path(os.environ["RIGHTSDESK_DATA_DIR"]) / "spark"
        ready, times, cpu = spark_rounds(args.inputs, work, args.master, args.rounds, small)
        print(
            f"Spark {args.master}{' small' if small else ''}: session {ready:.1f} s; "
            f"metrics.sql + write per round {', '.join(f'{t:.1f}' for t in times)} s; "
            f"JVM CPU {cpu:.1f} s in all",
            flush=True,
        )
        return
    print(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    started = time.perf_counter()
    summary = services.scan(dump=demo_dump(), topics=None)
    print(
        f"scan of the dump head (DuckDB metrics and Parquet inputs included): "
        f"{time.perf_counter() - started:.2f} s, {summary.topics} topics"
    )
    inputs = store.inputs_dir(summary.store)
    loads, runs = zip(*(duckdb_round(inputs) for _ in range(args.rounds)), strict=True)
    print(
        f"DuckDB: load Parquet median {statistics.median(loads):.3f} s, "
        f"metrics.sql median {statistics.median(runs):.3f} s ({args.rounds} rounds)"
    )
    for mode in ("small", "default"):
        subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--spark-child", mode, "--inputs", str(inputs),
             "--rounds", str(args.rounds), "--master", args.master],
            check=True, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
