"""The due-diligence services: phases and sign-off, refusals that change nothing, the register
ranked by the rule, the clock's triggers (with a controllable `now`) and overdue actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from nacl.public import PrivateKey

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.services import CaseMetadata
from rightsdesk.crypto import unlock_with_password
from rightsdesk.diligence.access import unlock_assessment
from rightsdesk.diligence.clock import diligence_check
from rightsdesk.diligence.models import Assessment, Impact, Mitigation
from rightsdesk.diligence.services.assessments import (
    assessment_open,
    checklist_tick,
    engagement_record,
    phase_signoff,
)
from rightsdesk.diligence.services.common import DiligenceRefused
from rightsdesk.diligence.services.register import (
    MitigationValues,
    impact_add,
    mitigation_add,
    register_open,
)
from rightsdesk.diligence.vocabulary import AssessmentState, Phase, Trigger, checklist_codes
from rightsdesk.intake.services import report_send
from tests.factories import StaffAccount, assessment_made, impact_values, staff_account


def _key(account: StaffAccount, assessment: Assessment) -> PrivateKey:
    private = unlock_with_password(account.user.keyring.bundle(), account.password)
    return unlock_assessment(assessment, account.user, private)


def _file_case(rights: list[str]) -> None:
    report_send(
        report=ReportContent(narrative="My location was exposed.", language="en"),
        metadata=CaseMetadata(threat_types=["doxxing"], rights=rights, country="", emergency=False),
        uploads=[],
        keep_uncleaned=False,
    )


def _complete(assessment: Assessment, account: StaffAccount) -> None:
    now = timezone.now()
    for phase in Phase.values:
        checklist_tick(
            assessment=assessment,
            actor=account.user,
            phase=phase,
            items=checklist_codes(phase),
            now=now,
        )
        assessment.refresh_from_db()
        phase_signoff(assessment=assessment, actor=account.user, phase=phase, note="ok", now=now)
    assessment.refresh_from_db()


@pytest.mark.django_db
def test_a_phase_with_open_items_is_not_signed_off(handler: StaffAccount) -> None:
    assessment = assessment_made(handler.user)
    now = timezone.now()
    checklist_tick(assessment=assessment, actor=handler.user, phase=1, items=["subject"], now=now)
    with pytest.raises(DiligenceRefused, match="open checklist items"):
        phase_signoff(assessment=assessment, actor=handler.user, phase=1, note="", now=now)
    assessment.refresh_from_db()
    assert assessment.phase == 1
    assert assessment.signoffs.count() == 0
    with pytest.raises(DiligenceRefused, match="Only the current phase"):
        phase_signoff(assessment=assessment, actor=handler.user, phase=2, note="", now=now)


@pytest.mark.django_db
def test_all_five_phases_complete_the_assessment_and_set_its_review(
    handler: StaffAccount,
) -> None:
    assessment = assessment_made(handler.user, subject_kind="organisation")
    _complete(assessment, handler)
    assert assessment.state == AssessmentState.COMPLETE
    assert assessment.review_months == 36
    assert assessment.next_review.year == timezone.now().year + 3
    opened = assessment_open(
        assessment=assessment, key=_key(handler, assessment), actor=handler.user
    )
    assert set(opened.signoffs) == set(Phase.values)
    assert opened.scope == "The app and its upload flow."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scale": 5}, "from 1 to 4"),
        ({"scope": 0}, "from 1 to 4"),
        ({"kind": "potential", "likelihood": None}, "needs a likelihood"),
        ({"likelihood": 9}, "Likelihood is scored"),
        ({"rights": []}, "at least one right"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_written(
    handler: StaffAccount, changes: dict[str, object], message: str
) -> None:
    assessment = assessment_made(handler.user)
    with pytest.raises(DiligenceRefused, match=message):
        impact_add(
            assessment=assessment,
            actor=handler.user,
            values=impact_values(**changes),
            now=timezone.now(),
        )
    assert Impact.objects.count() == 0


@pytest.mark.django_db
def test_a_mitigation_without_owner_or_date_is_refused(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user)
    impact = impact_add(
        assessment=assessment, actor=handler.user, values=impact_values(), now=timezone.now()
    )
    values = {
        "action": "Strip location",
        "metric": "m",
        "baseline": "b",
        "target": "t",
        "feedback_source": "f",
    }
    for owner, due in ((None, date(2027, 1, 1)), (handler.user, None)):
        with pytest.raises(DiligenceRefused, match="owner and a due date"):
            mitigation_add(
                impact=impact,
                actor=handler.user,
                now=timezone.now(),
                values=MitigationValues(owner=owner, due_on=due, **values),
            )
    with pytest.raises(DiligenceRefused, match="able to read"):
        mitigation_add(
            impact=impact,
            actor=handler.user,
            now=timezone.now(),
            values=MitigationValues(owner=other_handler.user, due_on=date(2027, 1, 1), **values),
        )
    assert Mitigation.objects.count() == 0


@pytest.mark.django_db
def test_the_register_is_ranked_by_the_rule(handler: StaffAccount) -> None:
    assessment = assessment_made(handler.user)
    now = timezone.now()
    likely_mild = impact_add(
        assessment=assessment,
        actor=handler.user,
        now=now,
        values=impact_values(title="mild", scale=2, scope=2, irremediability=1, likelihood=4),
    )
    grave_rare = impact_add(
        assessment=assessment,
        actor=handler.user,
        now=now,
        values=impact_values(title="grave", scale=1, scope=1, irremediability=4, likelihood=1),
    )
    rows = register_open(
        assessment=assessment,
        key=_key(handler, assessment),
        actor=handler.user,
        today=now.date(),
    )
    assert [r.impact.pk for r in rows] == [grave_rare.pk, likely_mild.pk]
    assert rows[0].band == "top"
    assert rows[0].text["title"] == "grave"


@pytest.mark.django_db
def test_cases_touching_privacy_rising_past_the_threshold_reopen_and_tell_the_owner(
    handler: StaffAccount, settings: object, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RIGHTSDESK_DILIGENCE = {"cases_threshold": 3, "cases_window_days": 30}  # type: ignore[attr-defined]
    handler.user.email = "hana@example.org"
    handler.user.save()
    assessment = assessment_made(handler.user, watched_rights=["privacy"])
    _complete(assessment, handler)
    for _ in range(2):
        _file_case(["privacy"])
    _file_case(["expression"])
    now = timezone.now()
    mail.outbox.clear()
    assert diligence_check(now) == []  # two touching privacy: below the threshold
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETE
    _file_case(["privacy", "security"])
    with django_capture_on_commit_callbacks(execute=True):
        done = diligence_check(now + timedelta(minutes=5))
    assessment.refresh_from_db()
    assert done == [f"assessment {assessment.uid} reopened: cases touching privacy"]
    assert assessment.state == AssessmentState.REOPENED
    assert assessment.reopened_for == Trigger.CASES
    assert assessment.phase == 1
    assert assessment.triggers.get().count == 3
    assert [m.to for m in mail.outbox] == [["hana@example.org"]]
    assert "privacy" not in mail.outbox[0].body  # no content in the mail
    # The next round does not fire again.
    assert diligence_check(now + timedelta(minutes=10)) == []


@pytest.mark.django_db
def test_cases_outside_the_window_do_not_count(handler: StaffAccount, settings: object) -> None:
    settings.RIGHTSDESK_DILIGENCE = {"cases_threshold": 2, "cases_window_days": 30}  # type: ignore[attr-defined]
    assessment = assessment_made(handler.user, watched_rights=["privacy"])
    _complete(assessment, handler)
    _file_case(["privacy"])
    _file_case(["privacy"])
    later = timezone.now() + timedelta(days=45)
    assert diligence_check(later) == []
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETE


@pytest.mark.django_db
def test_the_review_date_reopens_a_complete_assessment(handler: StaffAccount) -> None:
    assessment = assessment_made(handler.user)
    _complete(assessment, handler)
    day_before = timezone.now() + timedelta(days=364)
    assert diligence_check(day_before) == []
    done = diligence_check(timezone.now() + timedelta(days=367))
    assert done == [f"assessment {assessment.uid} due for review"]
    assessment.refresh_from_db()
    assert assessment.reopened_for == Trigger.SCHEDULE


@pytest.mark.django_db
def test_an_overdue_mitigation_is_escalated_once(
    handler: StaffAccount, django_capture_on_commit_callbacks: Any
) -> None:
    handler.user.email = "hana@example.org"
    handler.user.save()
    assessment = assessment_made(handler.user)
    now = timezone.now()
    impact = impact_add(assessment=assessment, actor=handler.user, values=impact_values(), now=now)
    mitigation = mitigation_add(
        impact=impact,
        actor=handler.user,
        now=now,
        values=MitigationValues(
            action="Strip location data",
            owner=handler.user,
            due_on=now.date() + timedelta(days=3),
            metric="share of uploads with GPS",
            baseline="31%",
            target="0%",
            feedback_source="Survey of photographers",
        ),
    )
    mail.outbox.clear()
    assert diligence_check(now + timedelta(days=2)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert diligence_check(now + timedelta(days=4)) == [f"mitigation {mitigation.uid} overdue"]
        assert diligence_check(now + timedelta(days=5)) == []
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_engagement_notes_open_only_with_the_assessment_key(handler: StaffAccount) -> None:
    other = staff_account()
    assessment = assessment_made(handler.user)
    engagement_record(
        assessment=assessment,
        actor=handler.user,
        group="contributors",
        method="interview",
        held_on=date(2026, 11, 2),
        participants=4,
        said="We fear being found.",
        notes="In Tehran",
    )
    opened = assessment_open(
        assessment=assessment, key=_key(handler, assessment), actor=handler.user
    )
    assert opened.engagements[0][1] == {"said": "We fear being found.", "notes": "In Tehran"}
    from django.http import Http404  # noqa: PLC0415

    with pytest.raises(Http404):
        _key(other, assessment)
