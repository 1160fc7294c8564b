"""The public register: nothing before a staff member approves it, codes only, rare categories
grouped, no free text."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from rightsdesk.grievances import register
from rightsdesk.grievances.models import RegisterEntry
from rightsdesk.grievances.register import GROUPED, public_rows, register_approve, register_withdraw
from tests.factories import StaffAccount, grievance_filed, signed_in

REGISTER = reverse("grievances:register")


def test_nothing_is_public_until_approved_and_then_only_codes(
    client: Client, gina: StaffAccount
) -> None:
    filed = grievance_filed(what_happened="SECRETWORDS about project Tinywiki", category="privacy")
    assert "Nothing is published yet." in client.get(REGISTER).content.decode()
    staff = signed_in(gina)
    url = reverse("grievances:staff_register", args=[filed.grievance.number])
    assert staff.post(url).status_code == 302
    entry = RegisterEntry.objects.get()
    assert entry.public_number == f"{filed.grievance.filed_on.year}-0001"
    page = client.get(REGISTER).content.decode()
    assert entry.public_number in page
    assert filed.grievance.number not in page  # the internal number stays internal
    assert "SECRETWORDS" not in page
    assert "Tinywiki" not in page
    assert staff.post(url, {"withdraw": "on"}).status_code == 302
    assert entry.public_number not in client.get(REGISTER).content.decode()
    assert public_rows() == []


@override_settings(RIGHTSDESK_GRIEVANCE_REGISTER_MIN=2)
def test_rare_categories_are_grouped(gina: StaffAccount) -> None:
    staff = signed_in(gina)
    for category in ("content", "content", "funding"):
        number = grievance_filed(category=category).grievance.number
        staff.post(reverse("grievances:staff_register", args=[number]))
    rows = public_rows()
    assert sorted(row.category for row in rows) == ["content", "content", GROUPED]
    assert all(row.month.count("-") == 1 for row in rows)
    page = Client().get(REGISTER).content.decode()
    assert "Grants or funding decisions" not in page
    assert "Other categories (grouped" in page


def test_a_number_is_never_given_twice(gina: StaffAccount) -> None:
    """Withdrawing keeps the number reserved; publishing again gives the same one back."""
    first, second, third = (grievance_filed().grievance for _ in range(3))
    year = first.filed_on.year
    assert register_approve(grievance=first, actor=gina.user).public_number == f"{year}-0001"
    assert register_approve(grievance=second, actor=gina.user).public_number == f"{year}-0002"
    register_withdraw(grievance=first, actor=gina.user)
    assert register_approve(grievance=third, actor=gina.user).public_number == f"{year}-0003"
    again = register_approve(grievance=first, actor=gina.user)
    assert again.public_number == f"{year}-0001"
    assert [row.number for row in public_rows(minimum=1)] == [
        f"{year}-0001",
        f"{year}-0002",
        f"{year}-0003",
    ]


def test_an_approval_that_loses_the_race_for_a_number_takes_the_next(
    gina: StaffAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when two staff approve at once: the first reads a number the other just took."""
    first, second = (grievance_filed().grievance for _ in range(2))
    taken = register_approve(grievance=first, actor=gina.user).public_number
    real = register._next_number
    answers = iter([taken])
    monkeypatch.setattr(register, "_next_number", lambda year: next(answers, None) or real(year))
    entry = register_approve(grievance=second, actor=gina.user)
    assert entry.public_number != taken
    assert RegisterEntry.objects.count() == 2
