"""Compute the metrics tables from a filled store: metrics.sql, statement by statement.

The SQL lives in its own file so that the same text can run on Spark; see docs/gaps.md.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SQL_FILE = Path(__file__).resolve().parent / "metrics.sql"

# The tables metrics.sql reads (store.py defines them). A scan writes each as Parquet beside the
# store (store.StagingStore.export_inputs) so that Spark can run the same SQL (metrics/spark.py).
INPUT_TABLES = (
    "topics",
    "sitelinks",
    "pages",
    "wiki_lengths",
    "features",
    "wikis",
    "countries",
    "territories",
    "maxima",
    "wiki_items",
)


def statements(sql: str) -> list[str]:
    """Split metrics.sql on semicolons that end a line, dropping comment lines."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";\n") if part.strip().rstrip(";")]


def compute(con: duckdb.DuckDBPyConnection) -> None:
    """Create topic_importance, wiki_norm, feature_quality, topic_wiki, wiki_need, wiki_metrics
    and topic_metrics. Call after the topics, sitelinks and (optionally) pages are loaded."""
    for statement in statements(SQL_FILE.read_text(encoding="utf-8")):
        con.execute(statement.rstrip(";"))
