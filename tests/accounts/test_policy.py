"""The one admin policy: services refuse non-admins themselves; pages answer 403 with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.policy import AdminOnly, is_admin, require_admin
from rightsdesk.cases.crisis.playbooks import store
from rightsdesk.cases.models import OnCallShift, PlaybookRevision, ReplyTemplate
from rightsdesk.cases.oncall.services import shift_add, time_zone_set
from rightsdesk.cases.replies.services import reply_template_reset, reply_template_save
from tests.factories import StaffAccount, signed_in, staff_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db: None) -> StaffAccount:
    return staff_account(username="ada", role="admin")


def test_services_refuse_a_handler_whoever_calls_them(handler: StaffAccount) -> None:
    """No view, API route or command can forget the check: the services make it."""
    now = timezone.now()
    with pytest.raises(AdminOnly):
        reply_template_save(slug="initial", language="ar", title="t", body="b", actor=handler.user)
    with pytest.raises(AdminOnly):
        reply_template_reset(slug="initial", language="ar", actor=handler.user)
    book = store.shipped()["doxxing"]
    with pytest.raises(AdminOnly):
        store.playbook_save(slug="doxxing", language="", data=book, based_on=0, actor=handler.user)
    with pytest.raises(AdminOnly):
        store.playbook_revert(slug="doxxing", language="", based_on=0, actor=handler.user)
    with pytest.raises(AdminOnly):
        shift_add(
            person=handler.user,
            role="on_call",
            starts_at=now,
            ends_at=now + timedelta(hours=1),
            actor=handler.user,
        )
    other = staff_account(username="omar")
    with pytest.raises(AdminOnly):
        time_zone_set(user=other.user, zone="Europe/Berlin", actor=handler.user)
    assert not ReplyTemplate.objects.exists()
    assert not PlaybookRevision.objects.exists()
    assert not OnCallShift.objects.exists()


def test_an_inactive_admin_is_no_admin(admin: StaffAccount) -> None:
    assert is_admin(admin.user)
    require_admin(admin.user)
    admin.user.is_active = False
    assert not is_admin(admin.user)
    with pytest.raises(AdminOnly):
        require_admin(admin.user)


@pytest.mark.parametrize("name", ["cases:replies", "cases:playbooks"])
def test_admin_pages_answer_one_status_that_says_why(handler: StaffAccount, name: str) -> None:
    response = signed_in(handler).get(reverse(name))
    assert response.status_code == 403
    assert "for admins only" in response.content.decode().lower()
