"""Reader for the Wikidata JSON dump: `[`, one entity per line ending in `,`, `]`.

Two ways to read a line, so that a scan of the whole dump parses only what the metrics need:

- `parse_head` reads only the entity id, which the dump always writes first
  (`{"type":"item","id":"Q42",...`); most of a scan is this and nothing else.
- `parse_sitelinks` decodes only the `"sitelinks"` object of an item the scan wants. The key can
  only be found where it is a key: inside a JSON string every quote is escaped, and `"sitelinks":`
  ends in an unescaped quote. It is looked for from the end (sitelinks come after the claims), what
  follows it must be only plain scalar members (`"lastrevid":123`), and the object must decode to
  sitelink records; anything else falls back to decoding the whole line.
- `parse_entity` decodes everything, for the topic rules, which need labels and claims.

A line that is not JSON, or not an entity, raises `MalformedLine`; the scan counts those with their
line numbers and goes on (see `DumpStats`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_HEAD = re.compile(rb'\{"type":"(?:item|property|lexeme)","id":"([QPL][1-9][0-9]*)"')
_ID = re.compile(r"[QPLM][1-9][0-9]*\Z")
_SITELINKS_KEY = b'"sitelinks":'
# What may follow the sitelinks object before the entity closes: scalar members only.
_SCALAR_TAIL = re.compile(rb'(?:,"[a-z_]+":(?:-?[0-9]+|"[^"\\{}]*"))*\Z')
SITE_IN_SITELINKS = re.compile(rb'"site":"([^"\\]+)"')

FRAMING = frozenset({b"[", b"]", b""})


class MalformedLine(ValueError):
    """This line is not one entity of a Wikidata dump."""


@dataclass
class DumpStats:
    """What a pass over a dump saw; `malformed` keeps the first line numbers for the report."""

    lines: int = 0
    entities: int = 0
    malformed: int = 0
    malformed_lines: list[tuple[int, str]] = field(default_factory=list)
    saw_open: bool = False
    saw_close: bool = False

    KEEP = 20

    def note_malformed(self, number: int, reason: str) -> None:
        self.malformed += 1
        if len(self.malformed_lines) < self.KEEP:
            self.malformed_lines.append((number, reason))


def strip_line(line: bytes) -> bytes:
    """The entity JSON of a dump line: without the line end and the trailing comma."""
    body = line.strip()
    if body.endswith(b","):
        body = body[:-1].rstrip()
    return body


def parse_head(body: bytes) -> str | None:
    """The entity id if the line starts the way dump lines do, else None (decode it fully)."""
    match = _HEAD.match(body)
    if match is None or not body.endswith(b"}"):
        return None
    return match.group(1).decode("ascii")


def parse_entity(body: bytes) -> dict[str, Any]:
    """Decode a whole entity line and check it is an entity with an id."""
    try:
        entity = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedLine(f"not JSON ({_short(exc)})") from exc
    if not isinstance(entity, dict):
        raise MalformedLine("not a JSON object")
    entity_id = entity.get("id")
    if not isinstance(entity_id, str) or not _ID.match(entity_id):
        raise MalformedLine("no entity id")
    return entity


def sitelinks_of(entity: dict[str, Any]) -> dict[str, str]:
    """site -> title from a decoded entity; old dumps write an empty object as `[]`."""
    raw = entity.get("sitelinks") or {}
    if not isinstance(raw, dict):
        raise MalformedLine("sitelinks is not an object")
    return _titles(raw)


def parse_sitelinks(body: bytes) -> dict[str, str]:
    """site -> title for one entity line, decoding as little of the line as it can."""
    start = body.rfind(_SITELINKS_KEY)
    if start >= 0 and body.endswith(b"}"):
        value_at = start + len(_SITELINKS_KEY)
        if body.startswith(b"[]", value_at):
            end = value_at + 2
            if _SCALAR_TAIL.match(body, end, len(body) - 1):
                return {}
        elif body.startswith(b"{", value_at):
            end = body.rfind(b"}", value_at, len(body) - 1) + 1
            if end > value_at and _SCALAR_TAIL.match(body, end, len(body) - 1):
                try:
                    raw = json.loads(body[value_at:end])
                except (ValueError, UnicodeDecodeError):
                    raw = None
                if isinstance(raw, dict):
                    try:
                        return _titles(raw)
                    except MalformedLine:
                        pass
    return sitelinks_of(parse_entity(body))


def _titles(raw: dict[str, Any]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for site, link in raw.items():
        if not isinstance(link, dict) or not isinstance(link.get("title"), str):
            raise MalformedLine(f"sitelink {site!r} has no title")
        titles[site] = link["title"]
    return titles


def label_of(entity: dict[str, Any], language: str) -> str | None:
    """The entity's label in `language`, or None."""
    labels = entity.get("labels") or {}
    if isinstance(labels, dict):
        value = labels.get(language)
        if isinstance(value, dict) and isinstance(value.get("value"), str):
            return str(value["value"])
    return None


def claim_targets(entity: dict[str, Any], prop: str) -> list[str]:
    """Item ids that `prop` statements of the entity point to (deprecated rank left out)."""
    claims = entity.get("claims") or {}
    if not isinstance(claims, dict):
        return []
    targets: list[str] = []
    for statement in claims.get(prop) or []:
        if not isinstance(statement, dict) or statement.get("rank") == "deprecated":
            continue
        try:
            value = statement["mainsnak"]["datavalue"]["value"]
        except (KeyError, TypeError):
            continue  # "novalue" and "somevalue" snaks have no datavalue
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                targets.append(value["id"])
            elif isinstance(value.get("numeric-id"), int):
                targets.append(f"Q{value['numeric-id']}")
    return targets


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 80 else text[:77] + "..."


_EN_LABEL = re.compile(rb'"en":\{"language":"en","value":"((?:[^"\\]|\\.)*)"\}')


def parse_english_label(body: bytes) -> str:
    """The English label from the `labels` member only (descriptions share its shape)."""
    start = body.find(b'"labels":')
    if start < 0:
        return ""
    end = body.find(b'"descriptions":', start)
    match = _EN_LABEL.search(body, start, end if end > 0 else len(body))
    if match is None:
        return ""
    try:
        return str(json.loads(b'"' + match.group(1) + b'"'))
    except ValueError:
        return ""
