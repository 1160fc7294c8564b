"""The public register: nothing before a staff member approves it, codes only, rare categories
grouped, no free text."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import reverse

from rightsdesk.grievances.models import RegisterEntry
from rightsdesk.grievances.register import GROUPED, public_rows
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
    assert not RegisterEntry.objects.exists()


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
