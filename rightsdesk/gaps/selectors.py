"""Reads for the public pages. Each call opens the published store read-only and closes it.

Returns None (or empty lists) on a fresh install where no scan has run, so that views can show
the "no data yet" page instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import duckdb

from rightsdesk.gaps import refdata
from rightsdesk.gaps.metrics import queries
from rightsdesk.gaps.store import connect_published

T = TypeVar("T")

# The topic set recorded when a scan was given no topic list: every item of the dump counts as a
# topic (the demo's sample dump). The pages must then say so plainly and not call the figures
# human-rights topics: "France", "dog" and "Monday" would be counted like any other.
EVERY_ITEM = "every item in the dump"

WIKIS_PAGE = 50


def _read[T](reader: Callable[[duckdb.DuckDBPyConnection], T]) -> T | None:
    con = connect_published()
    if con is None:
        return None
    try:
        return reader(con)
    finally:
        con.close()


def overview() -> dict[str, Any] | None:
    """Metadata and every open Wikipedia's metrics, or None before the first scan."""
    return _read(lambda con: {"meta": queries.meta(con), "wikis": queries.wiki_table(con)})


def every_item(meta: dict[str, str]) -> bool:
    """Whether the scan counted every item of its dump as a topic (no topic list given)."""
    return meta.get("topic_set", "") == EVERY_ITEM


def wikis_page(wikis: list[dict[str, Any]], *, match: str, page: int) -> dict[str, Any]:
    """One page (`WIKIS_PAGE` rows) of the wikis whose code or language name contains `match`
    (case-insensitive), in the table's order; a page past the end is the last page.

    Filtered and cut on the server, so the page stays short without JavaScript (331 wikis made
    it 12,300 pixels long).
    """
    needle = match.strip().casefold()
    kept = [
        row
        for row in wikis
        if not needle
        or needle in str(row["wiki"]).casefold()
        or needle in str(row["language_name"]).casefold()
    ]
    pages = max((len(kept) + WIKIS_PAGE - 1) // WIKIS_PAGE, 1)
    page = min(max(page, 1), pages)
    start = (page - 1) * WIKIS_PAGE
    return {
        "rows": kept[start : start + WIKIS_PAGE],
        "matching": len(kept),
        "total": len(wikis),
        "page": page,
        "pages": pages,
        "first": start + 1 if kept else 0,
        "last": min(start + WIKIS_PAGE, len(kept)),
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < pages else None,
    }


def wiki_detail(wiki: str) -> dict[str, Any] | None:
    """One wiki's metrics and coverage per topic group; None if unknown or no data."""

    def read(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
        row = queries.wiki_row(con, wiki)
        if row is None:
            return None
        return {"wiki": row, "groups": queries.group_coverage(con, wiki), "meta": queries.meta(con)}

    return _read(read) or None


def worklist(wiki: str, sources: Sequence[str], limit: int | None = None) -> list[dict[str, Any]]:
    return _read(lambda con: queries.worklist(con, wiki=wiki, sources=sources, limit=limit)) or []


def topic_detail(qid: str) -> dict[str, Any] | None:
    def read(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
        row = queries.topic_row(con, qid)
        if row is None:
            return None
        return {"topic": row, "languages": queries.topic_languages(con, qid)}

    return _read(read) or None


def topics() -> list[dict[str, Any]] | None:
    return _read(queries.topic_table)


def language_set(name: str) -> list[dict[str, Any]] | None:
    """Each member of a language set with its wiki's metrics (or the fact it has no Wikipedia)."""
    members = refdata.LANGUAGE_SETS.get(name)
    if members is None:
        return None

    def read(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
        rows = []
        for code, language_name in members:
            wiki = refdata.wiki_for(code)
            metrics = queries.wiki_row(con, wiki.code) if wiki else None
            rows.append({"code": code, "name": language_name, "wiki": wiki, "metrics": metrics})
        return rows

    return _read(read)
