"""Two more signals for the evaluation queue, run by the watcher beside detection (settings.
RIGHTSDESK_WIKISAFETY_ON_REVISION), inside its round's transaction:

- **Targeting**: a new or unconfirmed account (or an edit without an account) edits a protected
  volunteer's user page or user talk page. The page's user name is normalised and hashed like a
  registered account name (`PhraseKind.USERNAME`) and looked up among the keyed digests, so the
  volunteer's account name is never stored in clear either. The editor is "new or unconfirmed"
  when the wiki does not put them in `autoconfirmed`, or they have fewer than `min_edits` edits,
  or their account is younger than `min_age_days` (settings.RIGHTSDESK_WIKISAFETY_TARGETING).
- **Photos**: a new upload whose file SHA-1 (from the upload log, else imageinfo) is a protected
  volunteer's registered photo. Only the exact file is caught: a re-encoded, resized or cropped
  copy has another SHA-1.

Both are P1, like a protected name: the volunteer is in an open case and consented to being
watched for; a hit pages everyone on call about the case. A revision that already has a finding
(detection ran first) gains the kind and the volunteer.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from rightsdesk.audit.services import audit_record
from rightsdesk.cases.oncall.pages import page
from rightsdesk.wikisafety.detection.protected import (
    ProtectedKind,
    photo_digest,
    phrase_digests,
)
from rightsdesk.wikisafety.keys import protected_digester
from rightsdesk.wikisafety.mediawiki.lookups import Editor
from rightsdesk.wikisafety.mediawiki.watcher import FILE_NAMESPACE, USER_NAMESPACES, RevisionSeen
from rightsdesk.wikisafety.models import ProtectedPhrase, ProtectedVolunteer, SeenRevision
from rightsdesk.wikisafety.models_queue import Finding
from rightsdesk.wikisafety.vocabulary import PhraseKind

SYSTEM = "system:wikisafety"
TARGETING = "targeting"
PHOTO = "photo"
PROTECTED = "protected"


def is_new_or_unconfirmed(
    editor: Editor | None, now: datetime, *, min_edits: int, min_age_days: int
) -> bool:
    """The targeting rule's editor side (see the module). No account (an IP address, a name
    the wiki does not know) counts as unconfirmed; an account without a recorded registration
    (older than MediaWiki's recording of it) is judged by its group and edits only."""
    if editor is None or not editor.exists:
        return True
    if "autoconfirmed" not in editor.groups or editor.editcount < min_edits:
        return True
    young = now - timedelta(days=min_age_days)
    return editor.registration is not None and editor.registration > young


def page_user(title: str) -> str:
    """The user name of a user (talk) page's title, subpages dropped: "User talk:Jane Doe/
    Archive" -> "Jane Doe". The namespace's name is the wiki's own (any language): everything
    up to the first colon."""
    _namespace, _colon, rest = title.partition(":")
    return rest.split("/", 1)[0].strip()


def protected_accounts(name: str) -> list[int]:
    """The protected volunteers (row ids) who registered `name` as an account name."""
    digests = phrase_digests(ProtectedKind.USERNAME, name, protected_digester())
    if not digests:
        return []
    rows = ProtectedPhrase.objects.filter(
        kind=PhraseKind.USERNAME,
        digest__in=[d.digest.hex() for d in digests],
        volunteer__withdrawn_at__isnull=True,
    ).values_list("volunteer_id", "phrase", "part", "parts")
    parts: dict[tuple[int, int], set[int]] = defaultdict(set)
    wanted: dict[tuple[int, int], int] = {}
    for volunteer, phrase, part, count in rows:
        parts[(volunteer, phrase)].add(part)
        wanted[(volunteer, phrase)] = count
    # The whole registered name, no more: every part present and as many as the name has.
    return sorted(
        {v for (v, p), got in parts.items() if len(got) == wanted[(v, p)] == len(digests)}
    )


def protected_photos(sha1: str) -> list[int]:
    """The protected volunteers (row ids) who registered a photo with this SHA-1."""
    digest = photo_digest(sha1, protected_digester())
    if digest is None:
        return []
    return sorted(
        set(
            ProtectedPhrase.objects.filter(
                kind=PhraseKind.PHOTO, digest=digest.hex(), volunteer__withdrawn_at__isnull=True
            ).values_list("volunteer_id", flat=True)
        )
    )


def finding_add(
    revision: SeenRevision, *, kinds: list[str], volunteers: list[int], now: datetime
) -> Finding:
    """Record `kinds` on the revision's finding (made if there is none), with the protected
    volunteers; P1 when there are any, and page the on-call team about each one's case."""
    finding = Finding.objects.filter(revision=revision).first()
    if finding is None:
        finding = Finding.objects.create(revision=revision, found_at=now)
    finding.kinds = sorted(set(finding.kinds) | set(kinds))
    if volunteers:
        finding.priority = "P1"
    finding.save(update_fields=["kinds", "priority"])
    if volunteers:
        finding.protected.add(*volunteers)
    audit_record(
        actor=SYSTEM,
        action="wikisafety.finding",
        target_type="finding",
        target_id=str(finding.uid),
    )
    for volunteer in ProtectedVolunteer.objects.filter(pk__in=volunteers).select_related("case"):
        page(case=volunteer.case, role="on_call", now=now)
    return finding


def targeting_from_revision(seen: RevisionSeen) -> Finding | None:
    """A new or unconfirmed editor on a protected volunteer's user or user talk page."""
    revision = seen.revision
    if revision.namespace not in USER_NAMESPACES:
        return None
    name = page_user(revision.page_title)
    if not name or name == revision.user:
        return None  # a volunteer editing their own pages is not targeting them
    rule = settings.RIGHTSDESK_WIKISAFETY_TARGETING
    now = timezone.now()
    if not is_new_or_unconfirmed(
        seen.editor,
        now,
        min_edits=int(rule["min_edits"]),
        min_age_days=int(rule["min_age_days"]),
    ):
        return None
    volunteers = protected_accounts(name)
    if not volunteers:
        return None
    return finding_add(revision, kinds=[TARGETING, PROTECTED], volunteers=volunteers, now=now)


def photo_from_revision(seen: RevisionSeen) -> Finding | None:
    """A new upload of a protected volunteer's registered photo (the exact file)."""
    if seen.revision.namespace != FILE_NAMESPACE or not seen.file_sha1:
        return None
    volunteers = protected_photos(seen.file_sha1)
    if not volunteers:
        return None
    return finding_add(
        seen.revision, kinds=[PHOTO, PROTECTED], volunteers=volunteers, now=timezone.now()
    )
