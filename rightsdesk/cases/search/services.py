"""Indexing: whoever has a case's plaintext seals it to each reader as a search entry."""

from __future__ import annotations

from collections.abc import Iterable

from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import User
from rightsdesk.cases import content as sealed
from rightsdesk.cases.models import Case, SearchEntry
from rightsdesk.cases.search.selectors import entry_aad
from rightsdesk.cases.search.text import MAX_TEXT, normalise
from rightsdesk.cases.selectors import readers_of
from rightsdesk.crypto import seal


def report_text(report: sealed.ReportContent) -> str:
    """What of a report is searchable: the narrative and the contact the reporter gave."""
    return "\n".join(part for part in (report.narrative, report.contact) if part)


def searchable(text: str) -> str:
    """`text` as it is kept for search: normalised and cut to MAX_TEXT. A few milliseconds for a
    long report: hot paths call it before taking the database's write lock."""
    return normalise(text)[:MAX_TEXT]


def index_text(*, case: Case, text: str, readers: Iterable[User] | None = None) -> int:
    """Seal new searchable text of `case` to each reader; returns how many rows it wrote."""
    return index_searchable(case=case, text=searchable(text), readers=readers)


def index_searchable(*, case: Case, text: str, readers: Iterable[User] | None = None) -> int:
    """`index_text` for text that already went through `searchable`.

    `readers` defaults to everyone holding a grant to the case. Call inside the writer's
    transaction, so the text is indexed exactly when the write it belongs to commits.
    """
    if not text:
        return 0
    if readers is None:
        readers = readers_of(case).filter(keyring__isnull=False).select_related("keyring")
    rows = []
    for reader in readers:
        entry = SearchEntry(user=reader, case=case, kind=SearchEntry.Kind.SEALED)
        public = PublicKey(bytes(reader.keyring.public_key))
        entry.body = seal(text.encode("utf-8"), public, entry_aad(entry))
        rows.append(entry)
    SearchEntry.objects.bulk_create(rows)
    return len(rows)


def case_text(*, case: Case, key: PrivateKey) -> str:
    """All searchable text of a case, for a new reader. The caller unlocked `key` through the
    access gate; this reads content without auditing (the grant that calls it is audited)."""
    parts = [report_text(sealed.open_report(bytes(case.content), key, case.number))]
    for uid, body in case.messages.values_list("uid", "body"):
        parts.append(sealed.open_message(bytes(body), key, str(uid)))
    for uid, body in case.notes.values_list("uid", "body"):
        parts.append(sealed.open_note(bytes(body), key, str(uid)))
    return "\n".join(parts)


def forget_reader(*, case: Case, user: User) -> None:
    """Delete `user`'s searchable copy of `case` (their grant was revoked)."""
    SearchEntry.objects.filter(case=case, user=user).delete()
