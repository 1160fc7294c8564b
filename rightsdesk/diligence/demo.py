"""Demo due diligence for `rightsdesk demo`: an organisation-wide assessment shaped like the
Wikimedia Foundation's 2020 one (its five salient risks: harmful content, harassment, government
surveillance and censorship, child rights, knowledge equity), with invented details, engagement,
mitigations and published recommendations with a history.

Everything goes through the real services, so the demo is sealed, wrapped and audited like real
data. Only for RIGHTSDESK_DEMO=1 (the command checks). Safe to run again: nothing is made when an
assessment exists already.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.diligence.models import Assessment
from rightsdesk.diligence.services.assessments import (
    assessment_create,
    checklist_tick,
    engagement_record,
    evidence_add,
    phase_signoff,
)
from rightsdesk.diligence.services.register import (
    ImpactValues,
    MitigationValues,
    impact_add,
    impact_residual,
    mitigation_add,
)
from rightsdesk.diligence.services.tracker import recommendation_add, recommendation_status
from rightsdesk.diligence.vocabulary import Phase, checklist_codes

# (title, rights, holders, vulnerabilities, kind, involvement, scale, scope, irremediability,
#  likelihood, description)
RISKS = (
    ("Government surveillance identifies contributors in repressive countries",
     ["privacy", "security", "expression"], ["contributors"],
     ["repressive_state", "public_profile"],
     "potential", "linked", 4, 2, 4, 2,
     "Traffic analysis and account data requests could identify editors of political articles."),
    ("Organised harassment drives contributors away",
     ["dignity", "non_discrimination", "expression"], ["contributors", "functionaries"],
     ["women", "lgbtq", "minority"], "actual", "contribute", 3, 3, 2, None,
     "Coordinated attacks on talk pages and off-wiki doxxing; women and LGBTQ+ editors report "
     "most."),
    ("Children exposed to harmful content or contact",
     ["child_protection", "child_information"], ["children", "readers"], ["child"],
     "potential", "linked", 3, 3, 3, 2,
     "Young readers and editors meet explicit content and adults who seek contact with them."),
    ("Harmful content about living people",
     ["reputation", "privacy"], ["subjects"], ["public_profile"], "actual", "contribute",
     2, 2, 3, None, "Defamatory edits to biographies stay visible until someone reverts them."),
    ("Knowledge gaps leave some languages and communities behind",
     ["culture", "education", "minorities", "non_discrimination"], ["communities", "readers"],
     ["minority", "low_connectivity"], "actual", "contribute", 2, 4, 2, None,
     "Small language editions lack articles on health, rights and local history."),
)  # fmt: skip

RECOMMENDATIONS = (
    ("Adopt a human rights policy", "done", "Adopted by the board."),
    ("Run an organisation-wide impact assessment every three years or on significant change",
     "in_progress", "Scheduled; this register is its first step."),
    ("Offer rights-compatible grievance channels", "partly_done",
     "Reporting form live; appeals are not yet independent."),
    ("Check machine-learning tools against the three-part test", "not_started", ""),
    ("Add a geotargeted crisis hotline to search results", "declined",
     "Deferred: no partner hotline covers most small-language countries yet."),
)  # fmt: skip


def _sign_off(assessment: Assessment, owner: User, phases: Sequence[int], now: datetime) -> None:
    for phase in phases:
        checklist_tick(
            assessment=assessment, actor=owner, phase=phase, items=checklist_codes(phase), now=now
        )
        assessment.refresh_from_db()
        phase_signoff(
            assessment=assessment,
            actor=owner,
            phase=phase,
            now=now,
            note="Reviewed with the team lead.",
        )
        assessment.refresh_from_db()


def demo_assessment(owner: User, *, readers: Sequence[User] = ()) -> Assessment:
    """The demo assessment, owned by `owner`, three phases signed off, its register filled."""
    now = timezone.now()
    assessment = assessment_create(
        actor=owner,
        title="Movement-wide assessment 2027 (demo)",
        subject_kind="organisation",
        owner=owner,
        readers=readers,
        now=now,
        scope="The Foundation's products, grants and events, and the projects it hosts. Invented "
        "for the demo, shaped like the 2020 assessment.",
        watched_rights=["privacy", "security", "child_protection"],
        watched_threats=["surveillance", "data_demand", "arrest"],
    )
    engagement_record(
        assessment=assessment,
        actor=owner,
        group="contributors",
        method="interview",
        held_on=date(2026, 10, 14),
        participants=6,
        said="Editors of political articles fear their accounts can be linked to them.",
        notes="Two asked not to be named; interviews held over Signal.",
    )
    engagement_record(
        assessment=assessment,
        actor=owner,
        group="functionaries",
        method="workshop",
        held_on=date(2026, 10, 28),
        participants=11,
        said="Administrators want faster support when harassment moves off-wiki.",
        notes="",
    )
    evidence_add(
        assessment=assessment,
        actor=owner,
        phase=Phase.CONTEXT,
        name="desk-review.txt",
        data=b"Desk review notes (demo).\n",
        now=now,
    )
    _sign_off(assessment, owner, (1, 2), now)
    made = []
    for title, rights, holders, vulns, kind, inv, scale, scope, irr, lik, text in RISKS:
        made.append(
            impact_add(
                assessment=assessment,
                actor=owner,
                now=now,
                values=ImpactValues(
                    title=title,
                    description=text,
                    rights=rights,
                    holders=holders,
                    holders_detail="",
                    vulnerabilities=vulns,
                    kind=kind,
                    involvement=inv,
                    scale=scale,
                    scope=scope,
                    irremediability=irr,
                    likelihood=lik,
                    confidence=2,
                    leverage=2,
                ),
            )
        )
    mitigation_add(
        impact=made[0],
        actor=owner,
        now=now,
        values=MitigationValues(
            action="Publish a transparency report on data requests and refuse those without "
            "legal basis.",
            owner=owner,
            due_on=now.date() + timedelta(days=60),
            metric="Requests answered with user data",
            baseline="3 in 2026",
            target="0",
            feedback_source="Contributors' survey in the affected countries",
        ),
    )
    mitigation_add(
        impact=made[1],
        actor=owner,
        now=now,
        values=MitigationValues(
            action="Fund a rapid-response team for off-wiki harassment.",
            owner=owner,
            due_on=now.date() - timedelta(days=10),
            metric="Median days to first answer",
            baseline="12",
            target="2",
            feedback_source="Follow-up questions to people who reported",
        ),
    )
    impact_residual(impact=made[0], actor=owner, scale=4, scope=1, irremediability=4, likelihood=1)
    impact_residual(
        impact=made[1], actor=owner, scale=2, scope=2, irremediability=2, likelihood=None
    )
    _sign_off(assessment, owner, (3,), now)
    for title, status, note in RECOMMENDATIONS:
        recommendation = recommendation_add(
            assessment=assessment,
            actor=owner,
            title=title,
            summary="",
            published=True,
            now=now - timedelta(days=90),
        )
        if status != "not_started":
            recommendation_status(
                recommendation=recommendation,
                actor=owner,
                status=status,
                note=note,
                publish=True,
                now=now,
            )
    assessment.refresh_from_db()
    return assessment


def demo_diligence(*, owner: User, readers: Sequence[User] = ()) -> int:
    """Make the demo assessment unless one exists; returns how many were made."""
    if Assessment.objects.exists():
        return 0
    demo_assessment(owner, readers=readers)
    return 1
