"""Reads for protected volunteers: which of them an added text names.

No access gate here: the watcher (a system actor) calls `protected_hits` for every new revision,
and what it returns is row ids and kinds, never a value (there is none to return).
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from rightsdesk.wikisafety.detection.hits import Hints
from rightsdesk.wikisafety.detection.protected import (
    ProtectedHit,
    ProtectedKind,
    StoredPhrase,
    text_digests,
    whole_phrases,
)
from rightsdesk.wikisafety.keys import protected_digester
from rightsdesk.wikisafety.models import ProtectedPhrase, ProtectedVolunteer

__all__ = ["protected_hits", "volunteer_of", "volunteers_of"]

QUERY_CHUNK = 500


def protected_hits(
    text: str, hints: Hints, phones: Iterable[str] | None = None
) -> list[ProtectedHit]:
    """The protected volunteers' registered phrases found whole in `text` (the plain text an
    edit added); `ProtectedHit.volunteer` is a `ProtectedVolunteer` primary key. `phones`: the
    E.164 values of the scan's phone hits, when the caller has them (saves a second pass)."""
    digests = text_digests(text, hints, protected_digester(), phones)
    present = sorted(d.hex() for d in digests)
    found: list[StoredPhrase] = []
    # A long edit has tens of thousands of shingles: ask in chunks that every database takes.
    for start in range(0, len(present), QUERY_CHUNK):
        rows = ProtectedPhrase.objects.filter(
            digest__in=present[start : start + QUERY_CHUNK], volunteer__withdrawn_at__isnull=True
        ).values_list("volunteer_id", "phrase", "kind", "digest", "part", "parts")
        found.extend(
            StoredPhrase(v, phrase, ProtectedKind(kind), bytes.fromhex(digest), part, parts)
            for v, phrase, kind, digest, part, parts in rows
        )
    return whole_phrases(found)


def volunteers_of(case_id: int) -> list[ProtectedVolunteer]:
    """The protected volunteers registered on a case, newest first, withdrawn ones included
    (labels and dates only: there is no value to show). Call after the case's gate."""
    return list(
        ProtectedVolunteer.objects.filter(case_id=case_id).select_related("consent_recorded_by")
    )


def volunteer_of(case_id: int, uid: UUID | str) -> ProtectedVolunteer | None:
    """One protected volunteer of the case (None if it is not of this case)."""
    return ProtectedVolunteer.objects.filter(case_id=case_id, uid=uid).first()
