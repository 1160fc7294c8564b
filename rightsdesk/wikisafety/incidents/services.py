"""Receiving a report from a wiki's ReportIncident forwarder (`incident_receive`).

- An **emergency** (incident type "immediate-threat-physical-harm") opens a case at once
  through casework's own submission (`cases.services.case_submit`, channel API, marked as an
  emergency): it is a P1, its crisis opens in the same transaction with the on-call lead, and
  the on-call team is paged. The wiki is not asked anything first: an emergency never waits for
  a wiki that does not answer.
- **Anything else** joins the evaluation queue as a finding on the reported revision (kind
  "reported"): the bot reads the revision (or, with revision id 0, the page's current one), and
  if the watcher has not seen it yet it is stored and handed to detection exactly as a watcher
  round would (so the watcher does not skip it unscanned later). A wiki that does not answer:
  `IncidentRefused` with status 503, nothing stored, the forwarder sends it again.

The details and names are sealed under the `wiki-incident` server sub-key, bound to (table, row,
field); the clear columns are listed in docs/security/crypto.md. Per wiki at most
settings.RIGHTSDESK_WIKISAFETY_REPORTS_PER_HOUR reports an hour (429). Call outside any
transaction: the bot is signed in over the network.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.services import CaseMetadata, case_submit
from rightsdesk.cases.vocabulary import Channel, ThreatType
from rightsdesk.core import admission
from rightsdesk.core.db import write_transaction
from rightsdesk.core.refusals import Refused
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import bind, secretbox
from rightsdesk.wikisafety.incidents.payload import Report
from rightsdesk.wikisafety.mediawiki.client import WikiClient, WikiError
from rightsdesk.wikisafety.mediawiki.lookups import RevisionFacts, editors, revision_facts
from rightsdesk.wikisafety.mediawiki.selectors import bot_client
from rightsdesk.wikisafety.mediawiki.watcher import USER_NAMESPACES, RevisionSeen, handlers
from rightsdesk.wikisafety.models import IncidentReport, SeenRevision, Wiki
from rightsdesk.wikisafety.models_incidents import BehaviorType, PhysicalHarmType
from rightsdesk.wikisafety.queue.targeting import finding_add

TABLE = "wikisafety_incidentreport"
REPORTED = "reported"


class IncidentRefused(Refused):
    """A report not taken; nothing stored. `status` 400 (the report names nothing on the
    wiki), 429 (too many from this wiki), 503 (the wiki did not answer: send it again)."""

    code = "incident_refused"

    def __init__(self, message: str, *, status: int = 400, code: str = "incident_refused") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def _aad(uid: object) -> bytes:
    return bind(table=TABLE, row=str(uid), field="sealed")


def seal_details(fields: dict[str, str], *, uid: object) -> bytes:
    data = json.dumps(fields, ensure_ascii=False).encode()
    return secretbox.encrypt(data, server_subkey(b"wiki-incident"), _aad(uid))


def open_details(report: IncidentReport) -> dict[str, str]:
    """The sealed fields of a stored report (for the queue's pages, after their gate)."""
    if not report.sealed:
        return {}
    raw = secretbox.decrypt(bytes(report.sealed), server_subkey(b"wiki-incident"), _aad(report.uid))
    opened: dict[str, str] = json.loads(raw)
    return opened


def _narrative(wiki: Wiki, report: Report) -> str:
    """The case's first text (sealed to the case): what the dialog said, in words."""
    harm = PhysicalHarmType(report.physical_harm_type).label
    lines = [
        _("Emergency reported from %(wiki)s through its Report dialog: %(harm)s.")
        % {"wiki": wiki.name, "harm": harm},
    ]
    if report.page:
        lines.append(_("Page: %(page)s") % {"page": report.page})
    if report.revision_id:
        lines.append(_("Revision: %(revision)d") % {"revision": report.revision_id})
    if report.reported_user:
        lines.append(_("Reported user: %(user)s") % {"user": report.reported_user})
    for text in (report.details, report.something_else_details, report.direct_report):
        if text:
            lines.append(text)
    return "\n".join(lines)


def _store(wiki: Wiki, report: Report, now: datetime, **links: object) -> IncidentReport:
    row = IncidentReport(
        wiki=wiki,
        received_at=now,
        incident_type=report.incident_type,
        behavior_type=report.behavior_type,
        physical_harm_type=report.physical_harm_type,
        page_title=report.page[:512],
        revision_id=report.revision_id,
        **links,
    )
    row.sealed = seal_details(report.sealed_fields(), uid=row.uid)
    row.save()
    return row


def _emergency(wiki: Wiki, report: Report, now: datetime) -> IncidentReport:
    submitted = case_submit(
        report=ReportContent(narrative=_narrative(wiki, report), language=wiki.language),
        metadata=CaseMetadata(
            threat_types=[ThreatType.OFFLINE_HARASSMENT],
            rights=[],
            country="",
            emergency=True,
            channel=Channel.WIKI,
        ),
        prepared=[],
    )
    # The receipt is nobody's: the reporter follows up on the wiki; the team reads the case.
    with write_transaction():
        return _store(wiki, report, now, case=submitted.case)


def _facts(client: WikiClient, report: Report) -> RevisionFacts:
    revid = report.revision_id
    if not revid:
        revid = client.latest_revision(report.page)
        if not revid:
            raise IncidentRefused(_("This page does not exist on the wiki."))
    facts = revision_facts(client, revid)
    if facts is None:
        raise IncidentRefused(_("The wiki has no such revision."))
    return facts


def _queued(wiki: Wiki, report: Report, now: datetime) -> IncidentReport:
    try:
        client = bot_client(wiki)
        facts = _facts(client, report)
        texts = client.revision_texts([facts.revid, facts.parent_revid])
        people = editors(client, [facts.user]) if facts.namespace in USER_NAMESPACES else {}
    except WikiError as error:
        raise IncidentRefused(
            _("The wiki did not answer; nothing was stored. Send the report again."),
            status=503,
            code="wiki_unavailable",
        ) from error
    with write_transaction():
        revision = SeenRevision.objects.filter(wiki=wiki, revid=facts.revid).first()
        if revision is None:
            revision = SeenRevision.objects.create(
                wiki=wiki,
                revid=facts.revid,
                parent_revid=facts.parent_revid,
                page_title=facts.title[:512],
                namespace=facts.namespace,
                user=facts.user[:255],
                timestamp=facts.timestamp,
                seen_at=now,
            )
            old = texts.get(facts.parent_revid) if facts.parent_revid else None
            new = texts.get(facts.revid)
            seen = RevisionSeen(
                wiki=wiki,
                revision=revision,
                old_text=old.text if old else "",
                new_text=new.text if new else None,
                editor=people.get(facts.user),
            )
            for handler in handlers():
                handler(seen)
        kinds = [REPORTED]
        if report.behavior_type == BehaviorType.DOXING:
            kinds.append("reported_doxing")
        finding = finding_add(revision, kinds=kinds, volunteers=[], now=now)
        return _store(wiki, report, now, finding=finding)


def incident_receive(*, wiki: Wiki, report: Report, now: datetime) -> IncidentReport:
    """Take one report from `wiki`'s forwarder (the caller has checked its token and parsed
    the payload): an emergency opens a P1 case and its crisis, anything else becomes a finding
    in the evaluation queue. Raises IncidentRefused (nothing stored)."""
    per_hour = int(settings.RIGHTSDESK_WIKISAFETY_REPORTS_PER_HOUR)
    if not admission.bucket(f"wiki-reports-{wiki.pk}", per_hour=per_hour).take():
        raise IncidentRefused(
            _("Too many reports from this wiki; send this one again later."),
            status=429,
            code="throttled",
        )
    if report.emergency:
        return _emergency(wiki, report, now)
    return _queued(wiki, report, now)
