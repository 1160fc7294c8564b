"""Reads of the evaluation queue. Call after the gate (`access.readable_findings` /
`access_finding`): nothing here checks who asks, except which cases are named to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.wikisafety.models import Finding, FindingDecision, ProtectedVolunteer, Removal
from rightsdesk.wikisafety.queue.access import visible_cases
from rightsdesk.wikisafety.queue.notes import open_note


def queue_rows(
    findings: QuerySet[Finding], *, state: str = "", priority: str = ""
) -> list[Finding]:
    """The queue: P1 first, then the oldest; filtered by state and priority; each annotated with
    `removed` (a removal of its revision not undone)."""
    if state:
        findings = findings.filter(state=state)
    if priority:
        findings = findings.filter(priority=priority)
    live = Removal.objects.filter(revision=OuterRef("revision"), undone_at__isnull=True)
    return list(
        findings.annotate(removed=Exists(live)).order_by("-priority", "found_at", "id")[:500]
    )


@dataclass(frozen=True)
class OpenedDecision:
    decision: FindingDecision
    note: str | None  # None: sealed to a case this reader cannot open
    case: Case | None  # only when the reader may read it


@dataclass(frozen=True)
class FindingFacts:
    """What the finding page shows besides the context."""

    protected_count: int
    protected_cases: list[Case]
    case: Case | None
    decisions: list[OpenedDecision]
    removals: list[Removal]
    since_edit: timedelta | None


def finding_facts(finding: Finding, user: User, case_keys: dict[int, PrivateKey]) -> FindingFacts:
    """The finding's cases (named only to readers), decisions with their notes opened (a case
    note with the key in `case_keys`), removals and the time from edit to the first removal."""
    volunteers = list(ProtectedVolunteer.objects.filter(findings=finding).select_related("case"))
    decisions = list(
        FindingDecision.objects.filter(finding=finding).select_related("actor", "case")
    )
    cases = [v.case for v in volunteers] + [d.case for d in decisions if d.case is not None]
    if finding.case_id is not None:
        cases += list(Case.objects.filter(pk=finding.case_id))
    readable = {c.pk: c for c in visible_cases(user, cases)}
    opened = [
        OpenedDecision(
            decision=d,
            note=open_note(d, case_keys.get(d.case_id) if d.case_id else None),
            case=readable.get(d.case_id) if d.case_id else None,
        )
        for d in decisions
    ]
    removals = list(
        Removal.objects.filter(revision=finding.revision_id).select_related(
            "actor", "undone_by", "case"
        )
    )
    first = min((r.since_edit for r in removals), default=None)
    protected = list({v.case.pk: v.case for v in volunteers if v.case.pk in readable}.values())
    return FindingFacts(
        protected_count=len(volunteers),
        protected_cases=protected,
        case=readable.get(finding.case_id) if finding.case_id else None,
        decisions=opened,
        removals=removals,
        since_edit=first,
    )


def cases_with_notes(finding: Finding, user: User) -> list[Case]:
    """The cases the finding's decisions sealed notes to that `user` may read (to unlock)."""
    ids = set(
        FindingDecision.objects.filter(
            finding=finding, note_key=FindingDecision.NoteKey.CASE
        ).values_list("case_id", flat=True)
    )
    return visible_cases(user, list(Case.objects.filter(pk__in=ids)))


def findings_of_case(case: Case) -> list[Finding]:
    """The findings linked to `case` now, by an earlier decision or by a removal (the case
    page's panel; the case's gate was passed). One query: most cases have none, and then the
    panel asks nothing more."""
    linked = Q(case=case) | Q(decisions__case=case) | Q(revision__removals__case=case)
    return list(
        Finding.objects.filter(linked).distinct().select_related("revision", "revision__wiki")
    )


def removals_of_case(case: Case) -> list[Removal]:
    return list(
        Removal.objects.filter(case=case).select_related("revision", "revision__wiki", "actor")
    )


def decisions_of_case(case: Case) -> list[FindingDecision]:
    return list(
        FindingDecision.objects.filter(case=case).select_related(
            "finding", "finding__revision", "actor"
        )
    )
