"""The two SQL dumps the observatory reads: a wiki's `page` table, Wikidata's `wb_items_per_site`.

`page` gives `page_len` (bytes of wikitext) for the articles the topic set links to, and the
wiki's 95th-percentile article length, which normalises lengths across wikis the way the
language-agnostic quality model normalises its features. The percentile is exact: lengths are
counted in a Counter, whose size is bounded by MediaWiki's 2 MiB page limit, not by the dump.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path

from rightsdesk.gaps.readers.compressed import DumpError
from rightsdesk.gaps.readers.sqldump import SqlDumpInfo, column_index, iter_rows

_WIKI_IN_NAME = re.compile(r"^([a-z0-9_]+wiki)-")


@dataclass
class PageTableResult:
    wiki: str
    info: SqlDumpInfo | None = None
    lengths: dict[str, tuple[int, bool]] = field(default_factory=dict)  # title -> (len, redirect)
    length_counts: Counter[int] = field(default_factory=Counter)

    @property
    def articles(self) -> int:
        return sum(self.length_counts.values())

    def percentile(self, share: float) -> int | None:
        """The smallest length at or above which `1 - share` of articles lie (exact)."""
        total = self.articles
        if total == 0:
            return None
        rank = share * total
        seen = 0
        for length in sorted(self.length_counts):
            seen += self.length_counts[length]
            if seen >= rank:
                return length
        return max(self.length_counts)  # pragma: no cover - the loop always reaches the rank


def wiki_of_page_dump(path: Path, stated: str | None = None) -> str | None:
    """The wiki a page dump belongs to: as stated by the user, or from Wikimedia's file name."""
    if stated:
        return stated
    match = _WIKI_IN_NAME.match(path.name)
    return match.group(1) if match else None


def read_page_table(
    path: Path, *, wiki: str, wanted_titles: Container[str], max_malformed: int = 1000
) -> PageTableResult:
    """Lengths of the wanted main-namespace titles (underscored, as `page_title` stores them).

    The dump's own `Database:` header must agree with `wiki`: reading enwiki's page table as
    mywiki's would silently give Burmese articles English lengths.
    """
    result = PageTableResult(wiki=wiki)
    positions: tuple[int, int, int, int] | None = None
    for info, row in iter_rows(path, table="page", max_malformed=max_malformed):
        if positions is None:
            if info.database and info.database != wiki:
                raise DumpError(
                    f"{path}: the dump says it is from {info.database}, not {wiki}; "
                    "name the wiki that matches the file"
                )
            positions = (
                column_index(info, "page_namespace"),
                column_index(info, "page_title"),
                column_index(info, "page_is_redirect"),
                column_index(info, "page_len"),
            )
            result.info = info
        ns_at, title_at, redirect_at, len_at = positions
        if row[ns_at] != 0:
            continue
        title, length, redirect = row[title_at], row[len_at], bool(row[redirect_at])
        if not isinstance(title, str) or not isinstance(length, int):
            continue
        if not redirect:
            result.length_counts[length] += 1
        if title in wanted_titles:
            result.lengths[title] = (length, redirect)
    if result.info is None:
        raise DumpError(f"{path}: the page table dump holds no rows")
    return result


def read_items_per_site(
    path: Path,
    *,
    wanted: Container[str],
    on_link: Callable[[str, str, str], None],
    max_malformed: int = 1000,
) -> int:
    """Call `on_link(qid, site, title)` for every sitelink of a wanted item; returns rows read.

    `wb_items_per_site` is the sitelinks table alone (a few GB instead of the JSON dump's
    hundred), for a scan that needs presence and titles but no labels or claims.
    """
    positions: tuple[int, int, int] | None = None
    rows = 0
    for info, row in iter_rows(path, table="wb_items_per_site", max_malformed=max_malformed):
        if positions is None:
            positions = (
                column_index(info, "ips_item_id"),
                column_index(info, "ips_site_id"),
                column_index(info, "ips_site_page"),
            )
        rows += 1
        item_at, site_at, page_at = positions
        item, site, page = row[item_at], row[site_at], row[page_at]
        if not isinstance(item, int) or not isinstance(site, str) or not isinstance(page, str):
            continue
        qid = f"Q{item}"
        if qid in wanted:
            on_link(qid, site, page)
    return rows
