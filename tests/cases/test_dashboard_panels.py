"""The dashboard's panels hook (rightsdesk.cases.extensions.dashboard_panels): the staff home
draws what the pillars named in settings.RIGHTSDESK_DASHBOARD_PANELS give the signed-in person,
without importing them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from rightsdesk.cases.extensions import DashboardPanel
from tests.factories import StaffAccount, signed_in

pytestmark = pytest.mark.django_db

CALLS: list[str] = []
HERE = "tests.cases.test_dashboard_panels"


def a_panel(request: Any, user: Any) -> DashboardPanel | None:
    CALLS.append(user.username)
    if user.username != "hana":
        return None
    return DashboardPanel(template="core/form_fields.html", context={"note": "pillar-panel-7731"})


@override_settings(RIGHTSDESK_DASHBOARD_PANELS=[f"{HERE}.a_panel"])
def test_panels_are_called_with_the_viewer_and_drawn_when_they_have_something(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    CALLS.clear()
    hana, omar = signed_in(handler), signed_in(other_handler)
    mine, theirs = hana.get(reverse("cases:home")), omar.get(reverse("cases:home"))
    assert mine.status_code == theirs.status_code == 200
    assert CALLS == ["hana", "omar"]
    assert [t.name for t in mine.templates].count("core/form_fields.html") == 1
    assert "core/form_fields.html" not in [t.name for t in theirs.templates]


@override_settings(RIGHTSDESK_DASHBOARD_PANELS=[])
def test_no_panels_named_no_panels_drawn(handler: StaffAccount) -> None:
    page = signed_in(handler).get(reverse("cases:home"))
    assert page.status_code == 200
    assert "diligence-overdue" not in page.text
