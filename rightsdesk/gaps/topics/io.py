"""Reading a topic set file written by `gaps topics` (or by hand, for a small online run)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rightsdesk.gaps import refdata
from rightsdesk.gaps.topics.build import TSV_FIELDS, Topic
from rightsdesk.gaps.topics.rules import GROUPS

_QID = re.compile(r"Q[1-9][0-9]*\Z")


class TopicFileError(ValueError):
    """The topic file is unreadable; the message names the file and line."""


def read_topics(path: Path) -> tuple[list[Topic], str]:
    """(topics, provenance header) from a topic TSV; only `qid` is required per row."""
    if not path.is_file():
        raise TopicFileError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TopicFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    lines = text.splitlines()
    header = ""
    body_start = 0
    while body_start < len(lines) and lines[body_start].startswith("#"):
        header = header or lines[body_start].lstrip("# ").strip()
        body_start += 1
    rows = list(csv.reader(lines[body_start:], delimiter="\t"))
    if not rows or "qid" not in rows[0]:
        raise TopicFileError(f"{path}: line {body_start + 1} must be a header naming `qid`")
    names = rows[0]
    unknown = [n for n in names if n not in TSV_FIELDS]
    if unknown:
        raise TopicFileError(f"{path}: unknown column(s) {', '.join(unknown)}")
    topics: list[Topic] = []
    seen: set[str] = set()
    countries = refdata.countries()
    for offset, row in enumerate(rows[1:], start=body_start + 2):
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(names, (cell.strip() for cell in row), strict=False))
        qid = record.get("qid", "")
        if not _QID.match(qid):
            raise TopicFileError(f"{path}: line {offset}: {qid!r} is not a Wikidata item id")
        group = record.get("group") or "concept"
        if group not in GROUPS:
            raise TopicFileError(f"{path}: line {offset}: unknown group {group!r}")
        country = record.get("country", "")
        if country and country not in countries:
            raise TopicFileError(f"{path}: line {offset}: unknown country code {country!r}")
        if qid in seen:
            continue
        seen.add(qid)
        topics.append(
            Topic(
                qid=qid,
                group=group,
                series=record.get("series", ""),
                country=country,
                label=record.get("label", ""),
                rule=record.get("rule", ""),
            )
        )
    if not topics:
        raise TopicFileError(f"{path}: holds no topics")
    return topics, header
