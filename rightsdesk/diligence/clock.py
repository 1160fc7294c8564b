"""Due diligence's clock: reassessment on a schedule and on triggers, and overdue actions. Run
each round of the deadline clock (`rightsdesk cases watch`, settings RIGHTSDESK_CLOCKS) with a
controllable `now`, like rightsdesk.cases.oncall.deadlines.

- A complete assessment whose review date has come, or with a register row whose review date has
  come, is reopened (trigger "schedule").
- Cases: at least `cases_threshold` cases filed in the last `cases_window_days` days touching a
  right the assessment watches (its watched rights and the rights of its register) reopen it
  (trigger "cases"), once per right and window. Counted from the cases' clear metadata only
  (`Case.rights`, `Case.created_on`): no case is opened, no key is needed.
- Grievances: at least `grievances_threshold` grievances filed in the last
  `grievances_window_days` days whose issue category touches a watched right (the published
  mapping `config.grievance_rights`) reopen it (trigger "grievances"), once per right and window.
  Counted from clear metadata only (`Grievance.category`, `Grievance.filed_on`).
- A crisis opened in the last `crisis_window_days` days on a case of a threat type the assessment
  watches reopens it (trigger "crisis"), once per threat type and window.
- An open mitigation past its due date is escalated once: its owner and the assessment's owner
  are told (a mail with no content), and the owner's work page lists it until it moves.

Each reopening tells the assessment's owner (rightsdesk.diligence.notify).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q

from rightsdesk.cases.models import Case, Crisis
from rightsdesk.core.db import write_transaction
from rightsdesk.diligence.config import grievance_rights, setting
from rightsdesk.diligence.models import Assessment, Mitigation, TriggerEvent
from rightsdesk.diligence.notify import tell
from rightsdesk.diligence.services.assessments import assessment_reopen
from rightsdesk.diligence.services.common import audit
from rightsdesk.diligence.vocabulary import MITIGATION_OPEN, AssessmentState, Trigger
from rightsdesk.grievances.models import Grievance


def diligence_check(now: datetime) -> list[str]:
    """One round: what was done, one line each (no content)."""
    done: list[str] = []
    done += _reviews_due(now)
    done += _cases_rising(now)
    done += _grievances_rising(now)
    done += _crises(now)
    done += _overdue(now)
    return done


def _reviews_due(now: datetime) -> list[str]:
    today = now.date()
    due = Assessment.objects.filter(state=AssessmentState.COMPLETE).filter(
        Q(next_review__lte=today) | Q(impacts__next_review__lte=today)
    )
    return [
        f"assessment {a.uid} due for review"
        for a in due.distinct()
        if assessment_reopen(assessment=a, kind=Trigger.SCHEDULE, now=now)
    ]


def watched_rights(assessment: Assessment) -> set[str]:
    """The rights an assessment watches: chosen ones and every right in its register."""
    rights = set(assessment.watched_rights)
    for row in assessment.impacts.values_list("rights", flat=True):
        rights.update(row)
    return rights


def case_counts(now: datetime) -> Counter[str]:
    """Cases filed in the window, per right (clear metadata only)."""
    since = now.date() - timedelta(days=setting("cases_window_days"))
    counts: Counter[str] = Counter()
    for rights in Case.objects.filter(created_on__gte=since).values_list("rights", flat=True):
        counts.update(set(rights or ()))
    return counts


def grievance_counts(now: datetime) -> Counter[str]:
    """Grievances filed in the window, per right their category touches (config
    `grievance_rights`). Clear metadata only: the category and the day filed; no grievance is
    opened and no key is needed. A grievance counts once per right."""
    since = now.date() - timedelta(days=setting("grievances_window_days"))
    mapping = grievance_rights()
    counts: Counter[str] = Counter()
    for category in Grievance.objects.filter(filed_on__gte=since).values_list(
        "category", flat=True
    ):
        counts.update(mapping.get(category, frozenset()))
    return counts


def _rising(now: datetime, kind: str, counts: Counter[str], threshold: int, days: int) -> list[str]:
    """Reopen each assessment watching a right counted at least `threshold` times, once per
    right and window of `days`."""
    window_start = now - timedelta(days=days)
    done = []
    for assessment in Assessment.objects.exclude(state=AssessmentState.REOPENED):
        for right in sorted(watched_rights(assessment)):
            if counts[right] < threshold:
                continue
            fired = TriggerEvent.objects.filter(
                assessment=assessment, kind=kind, code=right, at__gte=window_start
            )
            if fired.exists():
                continue
            if assessment_reopen(
                assessment=assessment, kind=kind, now=now, code=right, count=counts[right]
            ):
                done.append(f"assessment {assessment.uid} reopened: {kind} touching {right}")
                break
    return done


def _cases_rising(now: datetime) -> list[str]:
    return _rising(
        now,
        Trigger.CASES,
        case_counts(now),
        setting("cases_threshold"),
        setting("cases_window_days"),
    )


def _grievances_rising(now: datetime) -> list[str]:
    return _rising(
        now,
        Trigger.GRIEVANCES,
        grievance_counts(now),
        setting("grievances_threshold"),
        setting("grievances_window_days"),
    )


def _crises(now: datetime) -> list[str]:
    window_start = now - timedelta(days=setting("crisis_window_days"))
    threats: set[str] = set()
    for kinds in Crisis.objects.filter(opened_at__gte=window_start).values_list(
        "case__threat_types", flat=True
    ):
        threats.update(kinds or ())
    done: list[str] = []
    if not threats:
        return done
    for assessment in Assessment.objects.exclude(state=AssessmentState.REOPENED):
        for threat in sorted(threats & set(assessment.watched_threats)):
            fired = TriggerEvent.objects.filter(
                assessment=assessment, kind=Trigger.CRISIS, code=threat, at__gte=window_start
            )
            if fired.exists():
                continue
            if assessment_reopen(assessment=assessment, kind=Trigger.CRISIS, now=now, code=threat):
                done.append(f"assessment {assessment.uid} reopened: crisis in {threat}")
                break
    return done


def _overdue(now: datetime) -> list[str]:
    done = []
    overdue = Mitigation.objects.filter(
        state__in=MITIGATION_OPEN, due_on__lt=now.date(), escalated_at__isnull=True
    )
    for pk in overdue.values_list("pk", flat=True):
        with write_transaction():
            mitigation = (
                Mitigation.objects.select_for_update()
                .select_related("impact__assessment")
                .get(pk=pk)
            )
            if mitigation.escalated_at is not None or mitigation.state not in MITIGATION_OPEN:
                continue
            mitigation.escalated_at = now
            mitigation.save(update_fields=["escalated_at"])
            assessment = mitigation.impact.assessment
            audit(assessment, "mitigation.overdue", None, detail=str(mitigation.uid))
            people = [mitigation.owner_id, assessment.owner_id]
            transaction.on_commit(partial(tell, people), robust=True)
        done.append(f"mitigation {mitigation.uid} overdue")
    return done
