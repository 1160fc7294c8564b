"""One streaming pass over a Wikidata JSON dump, in constant memory.

For every item it counts the sites that link to it (per-wiki totals, cheap: a regex over the
sitelinks only); for the items the caller wants (the topic set, or every item) it decodes the
sitelinks and hands them to `on_item`. Nothing is kept per entity, so memory does not grow with
the dump.

Bad lines are counted with their numbers. The pass stops with a `DumpError` when they exceed
`max_malformed` (default 1,000), and at the end when more than 1% of entity lines (and more
than 10) were malformed:
past that the counts would be wrong, not merely incomplete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightsdesk.gaps.readers.compressed import DumpError, open_dump, read_lines, sniff_compression
from rightsdesk.gaps.readers.wikidata import (
    FRAMING,
    SITE_IN_SITELINKS,
    DumpStats,
    MalformedLine,
    parse_entity,
    parse_head,
    parse_sitelinks,
    sitelinks_of,
    strip_line,
)

DEFAULT_MAX_MALFORMED = 1000
MAX_MALFORMED_SHARE = 0.01
MALFORMED_SHARE_FLOOR = 10  # the share rule applies from this many bad lines on

Progress = Callable[[int, int], None]  # (compressed bytes consumed, entities so far)


class AllItems:
    """A container holding every item id: `scan_dump(wanted=ALL_ITEMS)` keeps every item."""

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and entity_id.startswith("Q")


ALL_ITEMS = AllItems()


@dataclass
class ScanResult:
    stats: DumpStats
    site_items: Counter[str] = field(default_factory=Counter)
    compression: str = "plain"


def describe_foreign_format(line: bytes) -> str:
    """A guess at what a file that is not a JSON dump is, for the error message."""
    text = line.lstrip()[:40]
    if text.startswith((b"--", b"/*", b"INSERT", b"CREATE", b"DROP")):
        return "it looks like an SQL dump (use --sitelinks-sql or --pages for those)"
    if text.startswith(b"<"):
        return "it looks like XML (a pages-articles dump?), not the Wikidata JSON dump"
    if text.startswith(b"{"):
        return "its first line is not a Wikidata entity"
    return "it does not start with '[' or an entity line"


def scan_dump(  # noqa: PLR0912, PLR0915 - one hot loop, kept flat for speed
    path: Path,
    *,
    wanted: Container[str],
    on_item: Callable[[str, dict[str, str], bytes], None],
    max_malformed: int = DEFAULT_MAX_MALFORMED,
    progress: Progress | None = None,
    progress_every: int = 4096,
) -> ScanResult:
    """Stream `path` once; call `on_item(qid, {site: title}, line)` for each wanted item.

    Raises DumpError (naming file and line) for a file that is not a JSON dump, a truncated or
    corrupt compressed stream, or too many malformed lines.
    """
    if not path.is_file():
        raise DumpError(f"{path}: no such file")
    result = ScanResult(stats=DumpStats(), compression=sniff_compression(path))
    stats, counts = result.stats, result.site_items
    raw_counts: Counter[bytes] = Counter()  # site names as bytes: counted in C, decoded once
    checked_format = False
    with open_dump(path) as (stream, counter):
        for number, line in read_lines(path, stream):
            stats.lines = number
            body = strip_line(line)
            if body in FRAMING:
                if body == b"[":
                    stats.saw_open = True
                elif body == b"]":
                    stats.saw_close = True
                continue
            if not checked_format:
                checked_format = True
                if not body.startswith(b"{"):
                    raise DumpError(
                        f"{path}: line {number} is not a Wikidata JSON dump line: "
                        f"{describe_foreign_format(body)}"
                    )
            entity_id = parse_head(body)
            try:
                if entity_id is None:
                    entity = parse_entity(body)
                    entity_id = entity["id"]
                    links = sitelinks_of(entity)
                    counts.update(links.keys())
                    if entity_id in wanted:
                        on_item(entity_id, links, body)
                elif entity_id in wanted:
                    links = parse_sitelinks(body)
                    counts.update(links.keys())
                    on_item(entity_id, links, body)
                elif entity_id[0] == "Q":
                    start = body.rfind(b'"sitelinks":')
                    if start >= 0:
                        raw_counts.update(SITE_IN_SITELINKS.findall(body, start))
            except MalformedLine as exc:
                stats.note_malformed(number, str(exc))
                if stats.malformed > max_malformed:
                    raise DumpError(_too_many(path, stats, max_malformed)) from exc
                continue
            stats.entities += 1
            if progress is not None and stats.entities % progress_every == 0:
                progress(counter.consumed, stats.entities)
        for site, n in raw_counts.items():
            counts[site.decode("utf-8", "replace")] += n
        if progress is not None:
            progress(counter.consumed, stats.entities)
    if not checked_format:
        raise DumpError(f"{path}: holds no entities (an empty or wrong file?)")
    total = stats.entities + stats.malformed
    if stats.malformed > MALFORMED_SHARE_FLOOR and stats.malformed > MAX_MALFORMED_SHARE * total:
        raise DumpError(
            f"{path}: {stats.malformed:,} of {total:,} entity lines are malformed "
            f"(over {MAX_MALFORMED_SHARE:.0%}), first at line {stats.malformed_lines[0][0]}: "
            f"{stats.malformed_lines[0][1]}"
        )
    return result


def _too_many(path: Path, stats: DumpStats, limit: int) -> str:
    first = stats.malformed_lines[0]
    return (
        f"{path}: more than {limit:,} malformed lines (first at line {first[0]}: {first[1]}); "
        "is this a Wikidata JSON dump?"
    )


def iter_entities(
    path: Path,
    *,
    stats: DumpStats,
    max_malformed: int = DEFAULT_MAX_MALFORMED,
    progress: Progress | None = None,
) -> Iterator[dict[str, Any]]:
    """Every entity of the dump fully decoded (slow: for the topic rules, not for scans).

    Same framing, format check and malformed-line policy as `scan_dump`.
    """
    if not path.is_file():
        raise DumpError(f"{path}: no such file")
    checked_format = False
    with open_dump(path) as (stream, counter):
        for number, line in read_lines(path, stream):
            stats.lines = number
            body = strip_line(line)
            if body in FRAMING:
                stats.saw_open |= body == b"["
                stats.saw_close |= body == b"]"
                continue
            if not checked_format:
                checked_format = True
                if not body.startswith(b"{"):
                    raise DumpError(
                        f"{path}: line {number} is not a Wikidata JSON dump line: "
                        f"{describe_foreign_format(body)}"
                    )
            try:
                entity = parse_entity(body)
            except MalformedLine as exc:
                stats.note_malformed(number, str(exc))
                if stats.malformed > max_malformed:
                    raise DumpError(_too_many(path, stats, max_malformed)) from exc
                continue
            stats.entities += 1
            if progress is not None and stats.entities % 1024 == 0:
                progress(counter.consumed, stats.entities)
            yield entity
    if not checked_format:
        raise DumpError(f"{path}: holds no entities (an empty or wrong file?)")
