"""Writes of the evaluation queue: deciding a finding (and opening or joining a case with it),
and the audited reveal of a finding's personal data. Removal from the queue is in
`queue/removal.py`.

Every function checks its actor (`access.may_evaluate`) and audits in the transaction that
writes. The caller has loaded the finding through `access.access_finding`.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import may_read
from rightsdesk.cases.services import CaseMetadata, case_submit
from rightsdesk.cases.vocabulary import Channel, ThreatType
from rightsdesk.core.db import write_transaction
from rightsdesk.core.refusals import Refused
from rightsdesk.wikisafety.models import Finding, FindingDecision
from rightsdesk.wikisafety.queue import rules
from rightsdesk.wikisafety.queue.access import may_evaluate
from rightsdesk.wikisafety.queue.notes import seal_note

__all__ = ["QueueRefused", "QueueStale", "finding_decide", "finding_reveal"]

MAX_NOTE = 4000
THREATS: dict[str, str] = {
    Finding.State.DOXXING: ThreatType.DOXXING,
    Finding.State.HARASSMENT: ThreatType.ONLINE_HARASSMENT,
}


class QueueRefused(Refused):
    """A step on the evaluation queue that was not taken (400 "queue_refused")."""

    code = "queue_refused"


class QueueStale(QueueRefused):
    """Someone else decided the finding since this person loaded it (409 "stale")."""

    status = 409
    code = "stale"
    keeps_input = False


def require_evaluator(actor: User) -> None:
    if not may_evaluate(actor):
        raise QueueRefused(_("You may not work on the wikis' evaluation queue."))


def _case_to_join(actor: User, number: str) -> Case:
    """The case `number` if `actor` may read it; one refusal for missing and forbidden alike."""
    case = Case.objects.filter(number=number.strip().upper()).first()
    if case is None or not may_read(actor, case):
        raise QueueRefused(_("There is no case with this number that you may read."))
    return case


def _open_case(actor: User, finding: Finding, state: str) -> Case:
    """A new case for `finding`, through casework's own service (`case_submit`: the number, the
    key, its wraps to every active handler and to `actor`, triage's proposed priority, the audit
    in `actor`'s name, channel "the wikis"). Its report is
    a neutral description of the finding, sealed like any report; the receipt is not kept (the
    person harmed is not the one reporting)."""
    revision = finding.revision
    narrative = _(
        "Opened from the wikis' evaluation queue: %(decision)s on %(wiki)s, page “%(page)s”, "
        "revision %(revid)s, edited by %(editor)s (finding %(uid)s)."
    ) % {
        "decision": Finding.State(state).label,
        "wiki": revision.wiki.name,
        "page": revision.page_title,
        "revid": revision.revid,
        "editor": revision.user or "?",
        "uid": finding.uid,
    }
    submitted = case_submit(
        report=ReportContent(narrative=narrative, language=revision.wiki.language[:8]),
        metadata=CaseMetadata(
            threat_types=[THREATS.get(state, ThreatType.OTHER)],
            rights=[],
            country="",
            emergency=False,
            channel=Channel.WIKI,
        ),
        prepared=(),
        opened_by=actor,
    )
    audit_record(
        actor=actor_label(actor),
        action="wikisafety.case_open",
        target_type="case",
        target_id=submitted.case.number,
    )
    return submitted.case


def finding_decide(
    *,
    actor: User,
    finding: Finding,
    decision: str,
    version: int,
    now: datetime,
    note: str = "",
    open_case: bool = False,
    join: str = "",
) -> FindingDecision:
    """Decide `finding` (false positive, doxxing, other harassment, not ours), as seen at
    `version`; optionally open a new case for it or join the case numbered `join` (the actor
    must be able to read it). The note is sealed (`queue/notes.py`). Refuses, changing nothing:
    a decision the rules do not allow, both a new and an existing case, a case the actor may not
    read, and (QueueStale) a finding decided by someone else since `version`."""
    require_evaluator(actor)
    try:
        state = rules.next_state(finding.state, decision)
    except rules.RuleBroken as broken:
        if broken.reason == "same":
            raise QueueRefused(_("The finding is already in this state.")) from None
        raise QueueRefused(_("Choose a decision.")) from None
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise QueueRefused(_("The note is too long (at most 4000 characters)."))
    join = (join or "").strip()
    if open_case and join:
        raise QueueRefused(_("Open a new case or join an existing one, not both."))
    case = _case_to_join(actor, join) if join else None
    with write_transaction():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.version != version:
            raise QueueStale(
                _(
                    "Someone else decided this finding while you were reading it. Nothing was "
                    "changed: read its new state below and decide again if needed."
                )
            )
        if open_case:
            case = _open_case(actor, locked, state)
        row = FindingDecision(
            finding=locked, state=state, case=case, opened_case=open_case, actor=actor, at=now
        )
        row.note, row.note_key = seal_note(note, uid=row.uid, case=case)
        row.save()
        changes: dict[str, object] = {
            "state": state,
            "decided_by": actor,
            "decided_at": now,
            "version": locked.version + 1,
        }
        if case is not None:
            changes["case"] = case
        Finding.objects.filter(pk=locked.pk).update(**changes)
        audit_record(
            actor=actor_label(actor),
            action=f"wikisafety.decide.{state}",
            target_type="finding",
            target_id=str(finding.uid),
        )
        if case is not None:
            audit_record(
                actor=actor_label(actor),
                action="wikisafety.finding_case",
                target_type="case",
                target_id=f"{case.number}:finding:{finding.uid}",
            )
    finding.refresh_from_db()
    return row


def finding_reveal(*, actor: User, finding: Finding) -> None:
    """Record that `actor` asked to see `finding`'s personal data in clear (`wikisafety.reveal`);
    the caller shows it for this one answer only, after this returns."""
    require_evaluator(actor)
    with write_transaction():
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.reveal",
            target_type="finding",
            target_id=str(finding.uid),
        )
