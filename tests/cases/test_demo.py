"""The demo casework goes through the real services: granted, linked, on the rota, searchable."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case
from rightsdesk.cases.demo import demo_casework
from rightsdesk.cases.models import Case, CaseLink
from rightsdesk.cases.oncall.selectors import on_duty
from tests.factories import StaffAccount, signed_in, staff_account


def test_demo_casework_is_real_casework(handler: StaffAccount) -> None:
    admin = staff_account(username="boss", role=User.Role.ADMIN)
    now = timezone.now()
    filed = demo_casework(
        admin=admin.user, handler=handler.user, handler_password=handler.password, now=now
    )
    assert filed == Case.objects.count() == 4
    for case in Case.objects.all():
        assert access_case(admin.user, case.number) == case  # shared with the admin
    assert CaseLink.objects.count() == 1
    assert list(on_duty("on_call", now)) == [handler.user]
    assert list(on_duty("lead", now)) == [admin.user]
    assert all(u.email for u in on_duty("on_call", now))  # reachable by a page
    assert Case.objects.filter(priority="P1").count() == 1
    found = signed_in(admin).post(reverse("cases:search"), {"q": "traitor"}).content.decode()
    assert "1 case found" in found
    # Safe to run again: nothing more is filed.
    assert (
        demo_casework(
            admin=admin.user, handler=handler.user, handler_password=handler.password, now=now
        )
        == 0
    )
