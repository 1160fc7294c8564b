"""Questions the watcher and the report endpoint ask a wiki besides recent changes: who an
editor is (groups, edit count, registration: the targeting rule), a file's SHA-1 (the photo
check), one revision's facts (a report names a revision the watcher may not have read yet).

Each answer is checked for shape like the client's (`WikiGarbage` otherwise); no Django here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rightsdesk.wikisafety.mediawiki.answers import (
    WikiGarbage,
    as_int,
    parse_timestamp,
)
from rightsdesk.wikisafety.mediawiki.client import WikiClient

BATCH = 50  # list=users and titles= take 50 values per request


@dataclass(frozen=True)
class Editor:
    """What the wiki says of an account: None registration for very old accounts (before
    MediaWiki recorded it); `exists` False for an address or a name the wiki does not know."""

    name: str
    exists: bool
    groups: frozenset[str]
    editcount: int
    registration: datetime | None


@dataclass(frozen=True)
class RevisionFacts:
    """One revision's public facts, for a finding on a reported revision."""

    revid: int
    parent_revid: int
    title: str
    namespace: int
    user: str
    timestamp: datetime


def _rows(answer: Mapping[str, Any], *keys: str) -> list[Mapping[str, Any]]:
    node: Any = answer
    for key in keys:
        node = node.get(key, []) if isinstance(node, Mapping) else None
    if not isinstance(node, list) or not all(isinstance(row, Mapping) for row in node):
        raise WikiGarbage(f"{'.'.join(keys)} is not a list of objects")
    return node


def editors(client: WikiClient, names: Iterable[str]) -> dict[str, Editor]:
    """`list=users&usprop=groups|editcount|registration` for each name (implicit groups such
    as "autoconfirmed" included, as the API gives them)."""
    wanted = sorted({name for name in names if name})
    found: dict[str, Editor] = {}
    for at in range(0, len(wanted), BATCH):
        answer = client.query(
            list="users",
            ususers="|".join(wanted[at : at + BATCH]),
            usprop="groups|editcount|registration",
        )
        for row in _rows(answer, "query", "users"):
            name = row.get("name")
            if not isinstance(name, str):
                raise WikiGarbage("a user has no name")
            if row.get("missing") or row.get("invalid") or "userid" not in row:
                found[name] = Editor(name, False, frozenset(), 0, None)
                continue
            groups = row.get("groups", [])
            if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
                raise WikiGarbage("a user's groups are not a list of names")
            registered = row.get("registration")
            found[name] = Editor(
                name=name,
                exists=True,
                groups=frozenset(groups),
                editcount=as_int(row.get("editcount", 0), "editcount"),
                registration=parse_timestamp(registered) if registered else None,
            )
    return found


def file_sha1s(client: WikiClient, titles: Iterable[str]) -> dict[str, str]:
    """`prop=imageinfo&iiprop=sha1` of each file page: its current version's SHA-1 (40 hex)."""
    wanted = sorted(set(titles))
    found: dict[str, str] = {}
    for at in range(0, len(wanted), BATCH):
        answer = client.query(
            prop="imageinfo", iiprop="sha1", titles="|".join(wanted[at : at + BATCH])
        )
        for page in _rows(answer, "query", "pages"):
            title = page.get("title")
            infos = page.get("imageinfo", [])
            if not isinstance(title, str) or not isinstance(infos, list):
                raise WikiGarbage("a file page is not shaped like the API's")
            if infos and isinstance(infos[0], Mapping) and isinstance(infos[0].get("sha1"), str):
                found[title] = str(infos[0]["sha1"]).lower()
    return found


def revision_facts(client: WikiClient, revid: int) -> RevisionFacts | None:
    """The revision's page, namespace, author, time and parent; None if the wiki has no such
    revision."""
    answer = client.query(prop="revisions", revids=str(int(revid)), rvprop="ids|timestamp|user")
    query = answer.get("query")
    if isinstance(query, Mapping) and query.get("badrevids"):
        return None
    for page in _rows(answer, "query", "pages"):
        revisions = page.get("revisions", [])
        if not isinstance(revisions, list):
            raise WikiGarbage("revisions are not a list")
        for revision in revisions:
            if not isinstance(revision, Mapping):
                raise WikiGarbage("a revision is not an object")
            user = revision.get("user", "")
            return RevisionFacts(
                revid=as_int(revision.get("revid"), "revid"),
                parent_revid=as_int(revision.get("parentid", 0), "parentid"),
                title=str(page.get("title", "")),
                namespace=as_int(page.get("ns", 0), "ns"),
                user=user if isinstance(user, str) else "",
                timestamp=parse_timestamp(revision.get("timestamp")),
            )
    return None
