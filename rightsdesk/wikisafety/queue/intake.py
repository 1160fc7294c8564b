"""From a new revision to the evaluation queue: the watcher's handler (settings.
RIGHTSDESK_WIKISAFETY_ON_REVISION).

For each revision the watcher hands over (inside its round's transaction, so a finding commits
with the watcher's position or not at all), scan the text the edit added with every recogniser
and look its phrases up among the protected volunteers' keyed hashes. A finding stores kinds,
recognisers and spans only. A protected volunteer named is a P1: everyone on call is paged about
the volunteer's case through the deadline clock's own pages (`cases.oncall.pages.page`), after
the commit.
"""

from __future__ import annotations

import ipaddress

from django.utils import timezone

from rightsdesk.audit.services import audit_record
from rightsdesk.cases.oncall.pages import page
from rightsdesk.wikisafety.detection.hits import Hints, Kind
from rightsdesk.wikisafety.detection.scan import scan_edit
from rightsdesk.wikisafety.mediawiki.watcher import RevisionSeen
from rightsdesk.wikisafety.models import ProtectedVolunteer
from rightsdesk.wikisafety.models_queue import Finding
from rightsdesk.wikisafety.protection.selectors import protected_hits

SYSTEM = "system:wikisafety"


def _is_address(user: str) -> bool:
    try:
        ipaddress.ip_address(user)
    except ValueError:
        return False
    return True


def finding_from_revision(seen: RevisionSeen) -> Finding | None:
    """Scan one new revision; store and return its finding, or None when nothing was found
    (or its text is hidden). Runs inside the watcher's transaction."""
    if seen.new_text is None:
        return None
    revision = seen.revision
    # An edit without an account signs with its own address: that is not someone else's data.
    editor = revision.user if _is_address(revision.user) else ""
    hints = Hints(language=seen.wiki.language or "en", editor=editor)
    text, hits = scan_edit(seen.old_text or "", seen.new_text, hints)
    phones = [hit.value for hit in hits if hit.kind is Kind.PHONE]
    named = protected_hits(text, hints, phones)
    if not hits and not named:
        return None
    now = timezone.now()
    volunteers = sorted({hit.volunteer for hit in named})
    finding = Finding.objects.create(
        revision=revision,
        found_at=now,
        kinds=sorted({str(hit.kind) for hit in hits} | ({"protected"} if named else set())),
        recognisers=sorted({hit.recogniser for hit in hits}),
        spans=[[hit.start, hit.end, str(hit.kind)] for hit in hits],
        priority="P1" if volunteers else "",
    )
    if volunteers:
        finding.protected.set(volunteers)
    audit_record(
        actor=SYSTEM,
        action="wikisafety.finding",
        target_type="finding",
        target_id=str(finding.uid),
    )
    for volunteer in ProtectedVolunteer.objects.filter(pk__in=volunteers).select_related("case"):
        page(case=volunteer.case, role="on_call", now=now)
    return finding
