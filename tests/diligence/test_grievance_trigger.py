"""The trigger on rising grievances: counted from their clear metadata (issue category mapped to
rights by the published, configurable mapping; day filed), with a controllable clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.utils import timezone

from rightsdesk.diligence.clock import diligence_check, grievance_counts
from rightsdesk.diligence.config import GRIEVANCE_RIGHTS, grievance_rights
from rightsdesk.diligence.models import Assessment
from rightsdesk.diligence.services.assessments import checklist_tick, phase_signoff
from rightsdesk.diligence.vocabulary import AssessmentState, Phase, Right, Trigger, checklist_codes
from rightsdesk.grievances.vocabulary import Category
from tests.factories import StaffAccount, assessment_made, grievance_filed


def _complete(assessment: Assessment, account: StaffAccount) -> None:
    now = timezone.now()
    for phase in Phase.values:
        items = checklist_codes(phase)
        checklist_tick(assessment=assessment, actor=account.user, phase=phase, items=items, now=now)
        phase_signoff(assessment=assessment, actor=account.user, phase=phase, note="ok", now=now)
    assessment.refresh_from_db()


def test_the_published_mapping_covers_every_category_with_known_rights() -> None:
    assert set(GRIEVANCE_RIGHTS) == set(Category.values)
    assert all(set(rights) <= set(Right.values) for rights in GRIEVANCE_RIGHTS.values())
    assert "privacy" in GRIEVANCE_RIGHTS["privacy"]


@pytest.mark.django_db
def test_grievances_touching_privacy_rising_past_the_threshold_reopen_and_tell_the_owner(
    handler: StaffAccount, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RIGHTSDESK_DILIGENCE = {"grievances_threshold": 3, "grievances_window_days": 30}
    handler.user.email = "hana@example.org"
    handler.user.save()
    assessment = assessment_made(handler.user, watched_rights=["privacy"])
    _complete(assessment, handler)
    for _ in range(2):
        grievance_filed(category="privacy")
    grievance_filed(category="content")  # touches expression and reputation, not privacy
    now = timezone.now()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert diligence_check(now) == []  # two touching privacy: below the threshold
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETE
    assert not assessment.triggers.exists()
    assert mail.outbox == []

    grievance_filed(category="privacy")
    with django_capture_on_commit_callbacks(execute=True):
        done = diligence_check(now + timedelta(minutes=5))
    assessment.refresh_from_db()
    assert done == [f"assessment {assessment.uid} reopened: grievances touching privacy"]
    assert assessment.state == AssessmentState.REOPENED
    assert assessment.reopened_for == Trigger.GRIEVANCES
    assert assessment.phase == 1
    trigger = assessment.triggers.get()
    assert (trigger.kind, trigger.code, trigger.count) == ("grievances", "privacy", 3)
    assert [m.to for m in mail.outbox] == [["hana@example.org"]]
    assert "privacy" not in mail.outbox[0].body  # no content in the mail
    assert diligence_check(now + timedelta(minutes=10)) == []  # fires once


@pytest.mark.django_db
def test_grievances_and_cases_count_against_their_own_thresholds(
    handler: StaffAccount, settings: Any
) -> None:
    # A low case threshold does not make grievances count as cases, nor the other way round.
    settings.RIGHTSDESK_DILIGENCE = {"cases_threshold": 2, "grievances_threshold": 5}
    assessment = assessment_made(handler.user, watched_rights=["privacy"])
    _complete(assessment, handler)
    for _ in range(4):
        grievance_filed(category="privacy")
    assert diligence_check(timezone.now()) == []
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETE


@pytest.mark.django_db
def test_old_grievances_and_unwatched_rights_do_not_count(
    handler: StaffAccount, settings: Any
) -> None:
    settings.RIGHTSDESK_DILIGENCE = {"grievances_threshold": 2, "grievances_window_days": 30}
    assessment = assessment_made(handler.user, watched_rights=["privacy"])
    _complete(assessment, handler)
    for _ in range(3):
        grievance_filed(category="safety")  # security: not watched
    grievance_filed(category="privacy")
    grievance_filed(category="privacy")
    assert diligence_check(timezone.now() + timedelta(days=45)) == []  # out of the window
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETE


@pytest.mark.django_db
def test_the_mapping_is_configurable(handler: StaffAccount, settings: Any) -> None:
    settings.RIGHTSDESK_DILIGENCE = {
        "grievances_threshold": 2,
        "grievance_rights": {"conduct": ["privacy"], "privacy": []},
    }
    assessment = assessment_made(handler.user, watched_rights=["privacy"])
    _complete(assessment, handler)
    grievance_filed(category="privacy")
    grievance_filed(category="privacy")
    assert grievance_counts(timezone.now())["privacy"] == 0
    assert diligence_check(timezone.now()) == []
    grievance_filed(category="conduct")
    grievance_filed(category="conduct")
    assert grievance_rights()["conduct"] == frozenset({"privacy"})
    done = diligence_check(timezone.now())
    assert done == [f"assessment {assessment.uid} reopened: grievances touching privacy"]


def test_a_mapping_naming_unknown_codes_stops_the_start(settings: Any) -> None:
    settings.RIGHTSDESK_DILIGENCE = {"grievance_rights": {"privacy": ["privacy", "telepathy"]}}
    problems = [e for e in run_checks(tags=["diligence"]) if e.id == "rightsdesk.E040"]
    assert ["telepathy" in str(e.msg) for e in problems] == [True]
    settings.RIGHTSDESK_DILIGENCE = {"grievance_rights": {"weather": ["privacy"]}}
    assert [e.id for e in run_checks(tags=["diligence"])] == ["rightsdesk.E040"]
    settings.RIGHTSDESK_DILIGENCE = {}
    assert run_checks(tags=["diligence"]) == []
    assert "telepathy" not in set().union(*grievance_rights().values())  # the defaults again
