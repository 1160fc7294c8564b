"""Overdue actions on the owner's main dashboard (/staff/, through the dashboard panels hook):
the owner sees theirs with the assessment's title and a link, nobody else sees them, and an
action in an assessment its owner can no longer read is shown without its title."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightsdesk.diligence.models import Mitigation
from rightsdesk.diligence.services.readers import assessment_revoke
from rightsdesk.diligence.services.register import MitigationValues, impact_add, mitigation_add
from tests.factories import StaffAccount, assessment_made, impact_values, signed_in

TITLE = "Upload wizard 2027"


def _action(owner: StaffAccount, assessment_owner: StaffAccount, *, days: int) -> Mitigation:
    assessment = assessment_made(
        assessment_owner.user, title=TITLE, readers=[owner.user, assessment_owner.user]
    )
    now = timezone.now()
    impact = impact_add(
        assessment=assessment, actor=assessment_owner.user, values=impact_values(), now=now
    )
    return mitigation_add(
        impact=impact,
        actor=assessment_owner.user,
        now=now,
        values=MitigationValues(
            action="Strip location data",
            owner=owner.user,
            due_on=now.date() + timedelta(days=days),
            metric="share of uploads with GPS",
            baseline="31%",
            target="0%",
            feedback_source="Survey of photographers",
        ),
    )


@pytest.mark.django_db
def test_the_owner_sees_an_overdue_action_on_the_dashboard_and_others_do_not(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    mitigation = _action(handler, handler, days=-2)
    hana, omar = signed_in(handler), signed_in(other_handler)
    mine = hana.get(reverse("cases:home"))
    assert mine.status_code == 200
    page = mine.content.decode()
    assert "Your overdue due-diligence actions" in page
    assert TITLE in page
    link = reverse("diligence:assessment", args=[mitigation.impact.assessment.uid])
    assert f'href="{link}#register"' in page
    assert "Strip location data" not in page  # sealed: never on the dashboard

    theirs = omar.get(reverse("cases:home")).content.decode()
    assert "Your overdue due-diligence actions" not in theirs
    assert TITLE not in theirs


@pytest.mark.django_db
def test_an_action_not_yet_due_or_done_is_not_shown(handler: StaffAccount) -> None:
    mitigation = _action(handler, handler, days=3)
    hana = signed_in(handler)
    assert "Your overdue due-diligence actions" not in hana.get(reverse("cases:home")).text
    Mitigation.objects.filter(pk=mitigation.pk).update(
        due_on=timezone.localdate() - timedelta(days=1), state="done"
    )
    assert "Your overdue due-diligence actions" not in hana.get(reverse("cases:home")).text


@pytest.mark.django_db
def test_without_access_the_action_is_shown_without_title_or_link(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    # omar owns an action in hana's assessment; hana then takes omar's access away.
    mitigation = _action(other_handler, handler, days=-1)
    assessment = mitigation.impact.assessment
    omar = signed_in(other_handler)
    assert TITLE in omar.get(reverse("cases:home")).text
    assessment_revoke(assessment=assessment, actor=handler.user, reader=other_handler.user)
    page = omar.get(reverse("cases:home")).text
    assert "Your overdue due-diligence actions" in page
    assert "An assessment you can no longer read" in page
    assert TITLE not in page
    assert str(assessment.uid) not in page
