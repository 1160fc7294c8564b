"""Writes of the observatory: a scan builds a new store and publishes it; nothing else writes.

The store holds public data only (Wikidata and Wikipedia metadata, published reference tables),
so there is nothing to encrypt and nothing to audit: no person's data passes through here.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rightsdesk.gaps import metrics, refdata
from rightsdesk.gaps.online import OnlineClient, api_for, fetch_lengths, fetch_sitelinks
from rightsdesk.gaps.readers.compressed import DumpError
from rightsdesk.gaps.readers.dumpscan import ALL_ITEMS, Progress, scan_dump
from rightsdesk.gaps.readers.tables import read_items_per_site, read_page_table, wiki_of_page_dump
from rightsdesk.gaps.readers.wikidata import parse_english_label
from rightsdesk.gaps.selectors import EVERY_ITEM
from rightsdesk.gaps.store import StagingStore
from rightsdesk.gaps.topics.build import Topic

# (description, total bytes) -> progress callback; None means no progress display.
ProgressFactory = Callable[[str, int], Progress]
FEATURE_COLUMNS = ("wiki", "title", "characters", "refs", "wikilinks", "categories", "media")
FEATURE_COLUMNS_ALL = (*FEATURE_COLUMNS, "headings")


@dataclass
class ScanSummary:
    store: Path
    topics: int = 0
    sitelinks: int = 0
    entities: int = 0
    malformed: int = 0
    malformed_lines: list[tuple[int, str]] = field(default_factory=list)
    lengths_for: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _progress(factory: ProgressFactory | None, label: str, path: Path) -> Progress | None:
    return factory(label, path.stat().st_size) if factory and path.is_file() else None


def scan(
    *,
    dump: Path | None = None,
    topics: Sequence[Topic] | None = None,
    topic_source: str = "",
    sitelinks_sql: Path | None = None,
    page_dumps: Sequence[tuple[str | None, Path]] = (),
    features: Path | None = None,
    online: OnlineClient | None = None,
    online_wikis: Sequence[str] = (),
    max_malformed: int = 1000,
    progress: ProgressFactory | None = None,
    target: Path | None = None,
) -> ScanSummary:
    """Build the store from one sitelinks source, optional lengths, and publish it.

    Exactly one of `dump` (Wikidata JSON), `sitelinks_sql` (wb_items_per_site) or `online`.
    `topics=None` takes every item of the dump as a topic (only with `dump`). Raises DumpError
    or ValueError with a message naming the file, line or code; the published store is then
    left as it was.
    """
    sources = [s for s in (dump, sitelinks_sql, online) if s is not None]
    if len(sources) != 1:
        raise ValueError(
            "give exactly one sitelinks source: a JSON dump, --sitelinks-sql, --online"
        )
    if topics is None and dump is None:
        raise ValueError("--all-items needs a Wikidata JSON dump")
    staging = StagingStore(target.parent if target else None)
    try:
        summary = _fill(
            staging,
            dump=dump,
            topics=topics,
            topic_source=topic_source,
            sitelinks_sql=sitelinks_sql,
            page_dumps=page_dumps,
            features=features,
            online=online,
            online_wikis=online_wikis,
            max_malformed=max_malformed,
            progress=progress,
        )
        staging.export_inputs()
        metrics.compute(staging.con)
        summary.store = staging.publish(target)
    except BaseException:
        staging.discard()
        raise
    return summary


def _fill(
    staging: StagingStore,
    *,
    dump: Path | None,
    topics: Sequence[Topic] | None,
    topic_source: str,
    sitelinks_sql: Path | None,
    page_dumps: Sequence[tuple[str | None, Path]],
    features: Path | None,
    online: OnlineClient | None,
    online_wikis: Sequence[str],
    max_malformed: int,
    progress: ProgressFactory | None,
) -> ScanSummary:
    summary = ScanSummary(store=staging.path)
    known = refdata.wikipedias()
    wanted = ALL_ITEMS if topics is None else {t.qid for t in topics}
    if dump is not None:
        with staging.spool("sitelinks") as links, staging.spool("topics") as found:

            def keep(qid: str, sitelinks: dict[str, str], body: bytes) -> None:
                for site, title in sitelinks.items():
                    if site in known:
                        links.add((qid, site, title))
                if topics is None:
                    found.add((qid, "all", "", "", parse_english_label(body)))

            result = scan_dump(
                dump,
                wanted=wanted,
                on_item=keep,
                max_malformed=max_malformed,
                progress=_progress(progress, dump.name, dump),
            )
        summary.entities = result.stats.entities
        summary.malformed = result.stats.malformed
        summary.malformed_lines = result.stats.malformed_lines
        if not result.stats.saw_close:
            summary.warnings.append(
                f"{dump}: no closing ']' (a head of a dump, or a plain file cut short?)"
            )
        staging.insert(
            "wiki_items", [(w, n) for w, n in sorted(result.site_items.items()) if w in known]
        )
        source = f"{dump.name} ({result.compression})"
    elif sitelinks_sql is not None:
        with staging.spool("sitelinks") as links:
            read_items_per_site(
                sitelinks_sql,
                wanted=wanted,
                on_link=lambda q, s, t: links.add((q, s, t)) if s in known else None,
                max_malformed=max_malformed,
            )
        source = sitelinks_sql.name
    else:
        assert online is not None  # noqa: S101 - guaranteed by the one-source check in scan()
        qids = sorted(wanted) if isinstance(wanted, set) else []
        fetched = fetch_sitelinks(online, qids)
        staging.insert(
            "sitelinks",
            [(q, s, t) for q, links in fetched.items() for s, t in links.items() if s in known],
        )
        source = "Wikidata API"
    if topics is not None:
        staging.insert("topics", [(t.qid, t.group, t.series, t.country, t.label) for t in topics])
    for stated, path in page_dumps:
        _load_page_dump(staging, stated, path, max_malformed, summary)
    if online is not None:
        _load_online_lengths(staging, online, online_wikis, summary)
    if features is not None:
        staging.insert("features", _read_features(features))
    (summary.topics,) = staging.con.execute("SELECT COUNT(*) FROM topics").fetchone() or (0,)
    (summary.sitelinks,) = staging.con.execute("SELECT COUNT(*) FROM sitelinks").fetchone() or (0,)
    staging.set_meta(
        source=source,
        topic_set=topic_source or (EVERY_ITEM if topics is None else ""),
        scanned_at=dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        entities=summary.entities,
        malformed=summary.malformed,
        lengths_for=",".join(summary.lengths_for),
    )
    return summary


def _titles_for(staging: StagingStore, wiki: str) -> set[str]:
    rows = staging.con.execute("SELECT title FROM sitelinks WHERE wiki = ?", [wiki]).fetchall()
    return {str(title).replace(" ", "_") for (title,) in rows}


def _load_page_dump(
    staging: StagingStore, stated: str | None, path: Path, max_malformed: int, summary: ScanSummary
) -> None:
    wiki = wiki_of_page_dump(path, stated)
    if wiki is None:
        raise DumpError(f"{path}: cannot tell which wiki this page dump is from; pass WIKI=PATH")
    if wiki not in refdata.wikipedias():
        raise DumpError(f"{path}: unknown wiki code {wiki!r} (not a Wikipedia in wikis.tsv)")
    result = read_page_table(
        path, wiki=wiki, wanted_titles=_titles_for(staging, wiki), max_malformed=max_malformed
    )
    staging.insert(
        "pages", [(wiki, title, n, redirect) for title, (n, redirect) in result.lengths.items()]
    )
    staging.insert("wiki_lengths", [(wiki, result.percentile(0.95), result.articles)])
    summary.lengths_for.append(wiki)
    if result.info and result.info.malformed:
        summary.warnings.append(f"{path}: {result.info.malformed} malformed INSERT lines skipped")


def _load_online_lengths(
    staging: StagingStore, online: OnlineClient, wikis: Sequence[str], summary: ScanSummary
) -> None:
    known = refdata.wikipedias()
    if not wikis:
        rows = staging.con.execute("SELECT DISTINCT wiki FROM sitelinks ORDER BY wiki").fetchall()
        wikis = [str(w) for (w,) in rows]
    for wiki in wikis:
        if wiki not in known:
            raise DumpError(f"unknown wiki code {wiki!r} (not a Wikipedia in wikis.tsv)")
        titles = sorted(_titles_for(staging, wiki))
        lengths = fetch_lengths(online, api_for(known[wiki].subdomain), titles)
        staging.insert(
            "pages", [(wiki, t.replace(" ", "_"), n, r) for t, (n, r) in lengths.items()]
        )
        summary.lengths_for.append(wiki)


def _read_features(path: Path) -> list[tuple[object, ...]]:
    """A TSV of raw article features (wiki, title, characters, refs, wikilinks, categories, media,
    headings), as Wikimedia's feature extraction produces them from HTML dumps."""
    if not path.is_file():
        raise DumpError(f"{path}: no such file")
    rows: list[tuple[object, ...]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in FEATURE_COLUMNS_ALL if c not in (reader.fieldnames or [])]
        if missing:
            raise DumpError(f"{path}: line 1 lacks column(s) {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            try:
                values = [float(row[c]) for c in FEATURE_COLUMNS_ALL[2:]]
            except (TypeError, ValueError):
                raise DumpError(f"{path}: line {number}: a feature is not a number") from None
            if row["wiki"] not in refdata.wikipedias():
                raise DumpError(f"{path}: line {number}: unknown wiki code {row['wiki']!r}")
            rows.append((row["wiki"], row["title"], *values))
    return rows
