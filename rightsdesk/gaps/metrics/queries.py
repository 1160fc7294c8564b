"""Read queries over a computed store, shared by the command line and the public pages.

Every function takes an open connection (read-only is enough) and returns plain dicts, so the
callers never see DuckDB types. Parameters are always bound, never formatted into the SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

Row = dict[str, Any]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> list[Row]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {row["key"]: row["value"] for row in _rows(con, "SELECT key, value FROM meta")}


def wiki_table(con: duckdb.DuckDBPyConnection, *, open_only: bool = True) -> list[Row]:
    """Every Wikipedia's metrics, highest priority (need-weighted gap) first."""
    where = "WHERE is_open" if open_only else ""
    return _rows(
        con,
        f"SELECT * FROM wiki_metrics {where} "  # noqa: S608 - fixed text, no input
        "ORDER BY priority DESC, gap_index DESC, wiki",
    )


def wiki_row(con: duckdb.DuckDBPyConnection, wiki: str) -> Row | None:
    rows = _rows(con, "SELECT * FROM wiki_metrics WHERE wiki = ?", [wiki])
    return rows[0] if rows else None


def group_coverage(con: duckdb.DuckDBPyConnection, wiki: str) -> list[Row]:
    """Coverage and extent of one wiki per topic group (concepts, countries, ...)."""
    return _rows(
        con,
        """
        SELECT t.grp,
               COUNT(*) AS topics,
               SUM(tw.present) AS present,
               SUM(tw.importance * tw.present) / SUM(tw.importance) AS coverage,
               SUM(CASE WHEN tw.extent IS NOT NULL THEN tw.importance * tw.extent END)
                 / NULLIF(SUM(CASE WHEN tw.extent IS NOT NULL THEN tw.importance END), 0)
                 AS extent
        FROM topic_wiki tw JOIN topics t ON t.qid = tw.qid
        WHERE tw.wiki = ?
        GROUP BY t.grp ORDER BY t.grp
        """,
        [wiki],
    )


def topic_table(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return _rows(con, "SELECT * FROM topic_metrics ORDER BY importance DESC, qid")


def topic_row(con: duckdb.DuckDBPyConnection, qid: str) -> Row | None:
    rows = _rows(con, "SELECT * FROM topic_metrics WHERE qid = ?", [qid])
    return rows[0] if rows else None


def topic_languages(con: duckdb.DuckDBPyConnection, qid: str) -> list[Row]:
    """Each open Wikipedia's article on the topic (or its absence), neediest readers first."""
    return _rows(
        con,
        """
        SELECT tw.wiki, w.subdomain, w.language_name, tw.present, tw.title, tw.page_len,
               tw.length_score, tw.extent, tw.stub, d.need, d.need_country_name
        FROM topic_wiki tw
        JOIN wikis w ON w.wiki = tw.wiki
        LEFT JOIN wiki_need d ON d.wiki = tw.wiki
        WHERE tw.qid = ? AND tw.is_open
        ORDER BY tw.present, COALESCE(d.need, 0) DESC, tw.page_len DESC NULLS LAST, tw.wiki
        """,
        [qid],
    )


def worklist(
    con: duckdb.DuckDBPyConnection,
    *,
    wiki: str,
    sources: Sequence[str] = (),
    limit: int | None = None,
) -> list[Row]:
    """Missing topics, then stubs, for `wiki`, each ranked by score, with the best source.

    Best source: the largest article (page_len) among `sources` (all Wikipedias when empty);
    where no length is known, the first source in the organiser's order that has the article.
    Score: importance x (2 if the topic is about a country where the language is spoken, else 1)
    x (1 + that country's data-risk score / 100).
    """
    source_list = [s for s in sources if s != wiki]
    if source_list:
        values = ", ".join("(?, ?)" for _ in source_list)
        source_rows = f"(VALUES {values}) AS ws(wiki, preference)"
        params: list[object] = [v for i, s in enumerate(source_list) for v in (s, i)]
    else:
        source_rows = "(SELECT wiki, 0 AS preference FROM wikis WHERE is_open) AS ws"
        params = []
    sql = f"""
        WITH target AS (SELECT wiki, subdomain FROM wikis WHERE wiki = ?),
        local_countries AS (
            SELECT DISTINCT t.iso FROM territories t JOIN target g ON t.language = g.subdomain
        ),
        src AS (
            SELECT tw.qid, tw.wiki, tw.title, tw.page_len,
                   ROW_NUMBER() OVER (
                       PARTITION BY tw.qid
                       ORDER BY CASE WHEN tw.page_len IS NULL THEN 1 ELSE 0 END,
                                tw.page_len DESC, ws.preference, tw.wiki) AS rn
            FROM topic_wiki tw JOIN {source_rows} ON ws.wiki = tw.wiki
            WHERE tw.present = 1 AND tw.wiki <> ?
        ),
        scored AS (
            SELECT tw.qid, t.label, t.grp, t.country, c.name AS country_name,
                   CASE WHEN tw.present = 0 THEN 'missing' ELSE 'stub' END AS status,
                   tw.title, tw.page_len, tw.length_score, tw.importance,
                   s.wiki AS source_wiki, s.title AS source_title, s.page_len AS source_len,
                   CASE WHEN t.country IN (SELECT iso FROM local_countries) THEN 1 ELSE 0 END
                     AS local
            FROM topic_wiki tw
            JOIN target g ON g.wiki = tw.wiki
            JOIN topics t ON t.qid = tw.qid
            LEFT JOIN src s ON s.qid = tw.qid AND s.rn = 1
            LEFT JOIN countries c ON c.iso = t.country
            WHERE tw.present = 0 OR tw.stub = 1
        )
        SELECT scored.*,
               scored.importance * (1 + scored.local)
                 * (1 + COALESCE(c2.risk, 0.0) / 100.0) AS score
        FROM scored LEFT JOIN countries c2 ON c2.iso = scored.country
        ORDER BY CASE WHEN status = 'missing' THEN 0 ELSE 1 END, score DESC, qid
    """  # noqa: S608 - only placeholders are formatted in; values are bound
    rows = _rows(con, sql, [wiki, *params, wiki])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows[:limit] if limit else rows
