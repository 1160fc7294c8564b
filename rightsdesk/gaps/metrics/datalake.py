"""The metrics' large inputs from Wikimedia's data lake instead of a dump scan (docs/gaps.md).

On the analytics cluster, the sitelinks, the per-wiki item counts, the article lengths and each
wiki's 95th-percentile length come from `wmf.wikidata_entity` and `wmf_raw.mediawiki_page`; the
small tables (wikis, countries, territories, maxima, the topic set and the optional features)
come from the Parquet files a local scan wrote. Then `spark.compute` runs metrics.sql unchanged.
Each input here is defined to equal what `services.scan` loads from the dumps of the same date;
tests/gaps/test_spark.py checks that on tables shaped like the lake's, built from the fixtures.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ENTITY_TABLE = "wmf.wikidata_entity"
PAGE_TABLE = "wmf_raw.mediawiki_page"
SMALL_TABLES = ("wikis", "countries", "territories", "maxima", "topics", "features")

# Each a temporary view, in this order; {entity}, {page}, {wd}, {mw} are filled in after checks.
LAKE_VIEWS = (
    (
        "lake_sitelinks",  # every item's Wikipedia sitelinks (the scan keeps per-wiki counts)
        """SELECT e.id AS qid, s.site AS wiki, s.title AS title
           FROM {entity} e LATERAL VIEW explode(e.sitelinks) x AS s
           WHERE e.snapshot = '{wd}' AND e.typ = 'item'
             AND s.site IN (SELECT wiki FROM wikis)""",
    ),
    ("wiki_items", "SELECT wiki, COUNT(*) AS items FROM lake_sitelinks GROUP BY wiki"),
    (
        "sitelinks",
        "SELECT qid, wiki, title FROM lake_sitelinks WHERE qid IN (SELECT qid FROM topics)",
    ),
    (
        "lake_pages",  # the articles' namespace of every Wikipedia (redirects included)
        """SELECT wiki_db AS wiki, page_title AS title, page_len,
                  page_is_redirect AS is_redirect
           FROM {page}
           WHERE snapshot = '{mw}' AND page_namespace = 0
             AND wiki_db IN (SELECT wiki FROM wikis)""",
    ),
    (
        "pages",  # only the titles the topics link to, as the scan keeps them
        """SELECT p.wiki, p.title, p.page_len, p.is_redirect
           FROM lake_pages p
           JOIN (SELECT DISTINCT wiki, REPLACE(title, ' ', '_') AS title FROM sitelinks) s
             ON s.wiki = p.wiki AND s.title = p.title""",
    ),
    (
        "wiki_lengths",  # smallest length at or above which 5% of the articles lie, as the scan
        """SELECT wiki,
                  percentile_disc(0.95) WITHIN GROUP (ORDER BY page_len) AS p95_len,
                  COUNT(*) AS articles
           FROM lake_pages WHERE NOT is_redirect GROUP BY wiki""",
    ),
)

_TABLE = re.compile(r"\w+(\.\w+)?")
_WEEK = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")


def register_lake_inputs(
    spark: SparkSession,
    *,
    wikidata_snapshot: str,
    page_snapshot: str,
    entity_table: str = ENTITY_TABLE,
    page_table: str = PAGE_TABLE,
) -> list[str]:
    """Define sitelinks, wiki_items, pages and wiki_lengths as temporary views over the lake.
    The small tables (SMALL_TABLES) must already be views. Snapshots: `wmf.wikidata_entity`'s
    weekly YYYY-MM-DD and `wmf_raw.mediawiki_page`'s monthly YYYY-MM (SHOW PARTITIONS lists
    them). Raises ValueError on a malformed name or date (they are formatted into the SQL)."""
    for name in (entity_table, page_table):
        if not _TABLE.fullmatch(name):
            raise ValueError(f"not a table name: {name!r}")
    if not _WEEK.fullmatch(wikidata_snapshot):
        raise ValueError(f"the Wikidata snapshot is YYYY-MM-DD, not {wikidata_snapshot!r}")
    if not _MONTH.fullmatch(page_snapshot):
        raise ValueError(f"the page snapshot is YYYY-MM, not {page_snapshot!r}")
    names = []
    for name, sql in LAKE_VIEWS:
        query = sql.format(
            entity=entity_table, page=page_table, wd=wikidata_snapshot, mw=page_snapshot
        )
        spark.sql(query).createOrReplaceTempView(name)
        names.append(name)
    return names
