"""Whoever is made incident lead or assignee can read the case, granted in the same step; and the
team sees that new cases exist even when nobody present holds their key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.access import unlock_case
from rightsdesk.cases.crisis.services import crisis_open
from rightsdesk.cases.editing import CaseEdit, EditRefused, case_edit
from rightsdesk.cases.models import Case, Crisis
from rightsdesk.cases.oncall.services import shift_add
from rightsdesk.cases.queues.selectors import unread_new_cases
from rightsdesk.cases.search.selectors import case_search
from rightsdesk.cases.selectors import may_read
from rightsdesk.cases.services import case_assign_to
from rightsdesk.crypto import unlock_with_password
from tests.factories import StaffAccount, case_filed, signed_in, staff_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> StaffAccount:
    return staff_account(username="ada", role=User.Role.ADMIN)


def _lead_on_duty(admin: StaffAccount) -> None:
    now = timezone.now()
    shift_add(
        person=admin.user,
        role="lead",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
        actor=admin.user,
    )


def unlocked_private_key(account: StaffAccount) -> PrivateKey:
    key: PrivateKey = unlock_with_password(account.user.keyring.bundle(), account.password)
    return key


def _key(account: StaffAccount, case: Case) -> PrivateKey:
    return unlock_case(case, account.user, unlocked_private_key(account))


def test_p1_report_grants_the_incident_lead_at_submission(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    _lead_on_duty(admin)
    case = case_filed(narrative="They are outside my door.", emergency=True).case
    assert case.priority == "P1"
    crisis = Crisis.objects.get(case=case)
    assert crisis.lead == admin.user
    assert may_read(admin.user, case)
    assert AuditEntry.objects.filter(
        action="case.grant", target_id=f"{case.number}:user:{admin.user.pk}"
    ).exists()
    # The lead really holds the key, and the case's text is searchable for them.
    assert _key(admin, case)
    found = case_search(
        user=admin.user,
        private_key=unlocked_private_key(admin),
        query="outside door",
    )
    assert [hit.number for hit in found.hits] == [case.number]
    # And the page opens for them.
    page = signed_in(admin).get(reverse("cases:detail", args=[case.number]))
    assert page.status_code == 200


def test_raise_to_p1_with_the_key_grants_the_lead_in_the_same_step(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    case = case_filed(narrative="A forum posted my photo.").case
    assert case.priority != "P1"
    _lead_on_duty(admin)
    assert not may_read(admin.user, case)
    fresh = case_edit(
        case=case,
        edit=CaseEdit(version=case.version, priority="P1", reason="they found my home"),
        actor=handler.user,
        case_key=_key(handler, case),
    )
    assert fresh.priority == "P1"
    assert Crisis.objects.get(case=case).lead == admin.user
    assert may_read(admin.user, case)
    grant = AuditEntry.objects.get(action="case.grant")
    assert grant.actor == f"user:{handler.user.pk}"


def test_raise_to_p1_without_the_key_is_refused_and_changes_nothing(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    case = case_filed(narrative="A forum posted my photo.").case
    _lead_on_duty(admin)
    with pytest.raises(EditRefused, match="makes ada incident lead"):
        case_edit(
            case=case,
            edit=CaseEdit(version=case.version, priority="P1", reason="urgent"),
            actor=handler.user,
        )
    assert Case.objects.get(pk=case.pk).priority == case.priority
    assert not Crisis.objects.filter(case=case).exists()
    assert not may_read(admin.user, case)


def test_the_deadline_clock_without_a_key_names_no_lead_who_cannot_read(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    case = case_filed(narrative="A forum posted my photo.").case
    _lead_on_duty(admin)
    crisis = crisis_open(case=case, now=timezone.now(), actor="system:deadlines")
    assert crisis.lead is None
    assert AuditEntry.objects.filter(action="crisis.lead_not_named").exists()


def test_assigning_someone_who_cannot_read_grants_them_with_the_key(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    case = case_filed().case
    assert not may_read(admin.user, case)
    with pytest.raises(EditRefused):
        case_assign_to(case=case, assignee=admin.user, actor=handler.user)
    assert not may_read(admin.user, case)
    assigned = case_assign_to(
        case=case,
        assignee=admin.user,
        actor=handler.user,
        case_key=_key(handler, case),
    )
    assert assigned.assignee == admin.user
    assert may_read(admin.user, case)


def test_dashboard_lists_new_cases_the_user_cannot_read(
    handler: StaffAccount, admin: StaffAccount
) -> None:
    mine = case_filed(narrative="Readable by the handler.", threat_types=["doxxing"]).case
    unread = unread_new_cases(admin.user)
    assert unread.total == 1
    assert [c.created_on for c in unread.cases] == [mine.created_on]
    assert unread.cases[0].threat_labels == ["Private information published (doxxing)"]
    assert unread_new_cases(handler.user).total == 0
    page = signed_in(admin).get(reverse("cases:home"))
    assert page.status_code == 200
    assert page.context["unread"].total == 1
    html = Client().get("/")  # the public side never shows it
    assert mine.number not in html.content.decode()
    # Nothing sealed leaks into the list, and not even the number: only dates and codes.
    assert "Readable by the handler." not in page.content.decode()
    assert mine.number not in page.content.decode()
    assert "New cases you cannot read" in page.content.decode()
