"""Searching: fold the reader's new entries under their search key, then search their copies."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
from nacl.exceptions import CryptoError as NaclCryptoError
from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import Case, SearchEntry
from rightsdesk.cases.search.metadata import COLUMNS, SearchFilters, metadata_words
from rightsdesk.cases.search.text import MAX_TEXT, query_terms
from rightsdesk.cases.selectors import readable_case_ids
from rightsdesk.core.db import write_transaction
from rightsdesk.crypto import CryptoError, bind, decrypt, encrypt, open_sealed, seal
from rightsdesk.crypto.aad import row_binder
from rightsdesk.crypto.secretbox import OVERHEAD, VERSION


def entry_aad(entry: SearchEntry) -> bytes:
    """Binds an entry to its reader and case. A SEALED entry also to its own uid (a reader may
    have several per case); a SECRET one is the only one of its reader and case, so the pair
    identifies it, and the search loop need not read the uid."""
    row = f"{entry.user_id}:{entry.case_id}"
    if entry.kind == SearchEntry.Kind.SEALED:
        row = f"{entry.uid}:{row}"
    return bind(table="cases_searchentry", row=row, field=entry.kind)


def key_aad(user_id: int) -> bytes:
    return bind(table="accounts_keyring", row=user_id, field="search_key")


MAX_HITS = 100

SNIPPET = 80

_NONCE_END = 1 + 24


@dataclass(frozen=True)
class Hit:
    number: str
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int  # matching cases, of which at most MAX_HITS are in `hits`
    searched: int  # readable cases whose text was searched


def _search_key(user: User, private_key: PrivateKey) -> bytes:
    """The user's search key, created on first use. Needs their unlocked private key."""
    keyring = Keyring.objects.get(user=user)
    if not keyring.search_key:
        with write_transaction():
            keyring = Keyring.objects.select_for_update().get(user=user)
            if not keyring.search_key:  # nobody created it in the meantime
                sealed_key = seal(
                    secrets.token_bytes(32), PublicKey(bytes(keyring.public_key)), key_aad(user.pk)
                )
                Keyring.objects.filter(pk=keyring.pk).update(search_key=sealed_key)
                keyring.search_key = sealed_key
    return open_sealed(bytes(keyring.search_key), private_key, key_aad(user.pk))


def _fold(user: User, private_key: PrivateKey, key: bytes) -> None:
    """Fold the user's SEALED rows into one SECRET row per case.

    The public-key work (one opening per pending row) happens before the write transaction, so a
    large fold does not hold the database's write lock; inside it, only rows still pending are
    merged (a second tab folding at the same time merges each row once). A row that does not
    open (tampered, or sealed to an old key) is dropped: it can never be read, and keeping it
    would make every search try again.
    """
    pending = list(
        SearchEntry.objects.filter(user=user, kind=SearchEntry.Kind.SEALED).order_by("id")
    )
    if not pending:
        return
    opened: dict[int, tuple[int, str]] = {}  # pending row id -> (case id, text)
    for entry in pending:
        try:
            text = open_sealed(bytes(entry.body), private_key, entry_aad(entry)).decode("utf-8")
        except CryptoError:
            text = ""
        opened[entry.pk] = (entry.case_id, text)
    with write_transaction():
        still = _still_pending(user, list(opened))
        additions: dict[int, list[str]] = defaultdict(list)
        for pk in sorted(still):
            case_id, text = opened[pk]
            if text:
                additions[case_id].append(text)
        _merge(user, key, additions)
        for start in range(0, len(still), 500):
            SearchEntry.objects.filter(pk__in=still[start : start + 500]).delete()


def _still_pending(user: User, ids: list[int]) -> list[int]:
    found: list[int] = []
    for start in range(0, len(ids), 500):
        found += SearchEntry.objects.filter(
            user=user, kind=SearchEntry.Kind.SEALED, pk__in=ids[start : start + 500]
        ).values_list("pk", flat=True)
    return found


def _merge(user: User, key: bytes, additions: dict[int, list[str]]) -> None:
    """Append `additions` (case id -> texts) to the user's SECRET rows. In a write transaction."""
    current: dict[int, SearchEntry] = {}
    case_ids = list(additions)
    for start in range(0, len(case_ids), 500):
        for entry in SearchEntry.objects.filter(
            user=user, kind=SearchEntry.Kind.SECRET, case_id__in=case_ids[start : start + 500]
        ):
            current[entry.case_id] = entry
    created: list[SearchEntry] = []
    updated: list[SearchEntry] = []
    for case_id, texts in additions.items():
        found = current.get(case_id)
        row = found or SearchEntry(user=user, case_id=case_id, kind=SearchEntry.Kind.SECRET)
        old = ""
        if found is not None:
            try:
                old = decrypt(bytes(found.body), key, entry_aad(found)).decode("utf-8")
            except CryptoError:
                old = ""  # unreadable: replaced by what can be read now
        merged = "\n".join([old, *texts]).strip()[:MAX_TEXT]
        row.body = encrypt(merged.encode("utf-8"), key, entry_aad(row))
        (updated if found is not None else created).append(row)
    SearchEntry.objects.bulk_create(created, batch_size=500)
    SearchEntry.objects.bulk_update(updated, ["body"], batch_size=500)


def _snippet(text: str, term: str) -> str:
    at = max(text.find(term), 0)
    start = max(at - SNIPPET // 2, 0)
    piece = text[start : start + SNIPPET]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")


def case_search(
    *, user: User, private_key: PrivateKey, query: str, filters: SearchFilters | None = None
) -> SearchResult:
    """The cases `user` can read, narrowed by `filters`, whose text or clear metadata (threat
    types, rights, labels, country, status, priority: see metadata.py) contains every word of
    `query`, newest first. An empty query is allowed when a filter is given (list what matches).

    The caller checked that `user` is signed in with `private_key` unlocked (staff_required and
    unlocked_key). Raises QueryRefused for an unusable query. Audited as one `case.search`,
    without the query.
    """
    chosen = filters or SearchFilters()
    terms = [] if chosen.any() and not query.strip() else query_terms(query)
    key = _search_key(user, private_key)
    _fold(user, private_key, key)
    cases = chosen.apply(Case.objects.filter(pk__in=readable_case_ids(user))).order_by("-id")
    opener = _SecretOpener(key, user.pk)
    hits: list[Hit] = []
    total = searched = 0
    rows = cases.values_list("pk", "number", *COLUMNS)
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
        bodies = dict(
            SearchEntry.objects.filter(
                user=user, kind=SearchEntry.Kind.SECRET, case_id__in=[row[0] for row in chunk]
            ).values_list("case_id", "body")
        )
        for case_id, number, threats, rights, labels, country, status, priority in chunk:
            if not chosen.keeps(threats):
                continue
            searched += 1
            body = bodies.get(case_id)
            text = opener.open(bytes(body), case_id) if body is not None else ""
            words = metadata_words(
                threat_types=threats,
                rights=rights,
                labels=labels,
                country=country,
                status=status,
                priority=priority,
            )
            if all(term in text or term in words for term in terms):
                total += 1
                if len(hits) < MAX_HITS:
                    hits.append(Hit(number=number, snippet=_hit_snippet(text, words, terms)))
    audit_record(
        actor=actor_label(user), action="case.search", target_type="user", target_id=str(user.pk)
    )
    return SearchResult(hits=hits, total=total, searched=searched)


CHUNK = 500

Row = tuple[int, str, list[str], list[str], list[str], str, str, str]


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _hit_snippet(text: str, words: str, terms: list[str]) -> str:
    """Where the first word occurs in the text; else the case's metadata words that matched."""
    in_text = [term for term in terms if term in text]
    if in_text:
        return _snippet(text, in_text[0])
    return _snippet(words, terms[0]) if terms else _snippet(text or words, "")


class _SecretOpener:
    """`secretbox.decrypt` without its per-call checks, for the search loop (10,000 calls).

    Same format and associated data as `entry_aad(entry)` for a SECRET entry (a test checks they
    agree); an entry that does not open reads as empty text: it is simply not found.
    """

    def __init__(self, key: bytes, user_id: int) -> None:
        self.key = key
        self.user_id = user_id
        self.bind = row_binder(table="cases_searchentry", field=SearchEntry.Kind.SECRET.value)

    def open(self, body: bytes, case_id: int) -> str:
        if len(body) < OVERHEAD or body[0] != VERSION:
            return ""
        aad = self.bind(f"{self.user_id}:{case_id}")
        try:
            plain = crypto_aead_xchacha20poly1305_ietf_decrypt(
                body[_NONCE_END:], aad, body[1:_NONCE_END], self.key
            )
        except NaclCryptoError:
            return ""
        return plain.decode("utf-8")
