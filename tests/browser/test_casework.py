"""A handler works from the dashboard to a case page and back, JavaScript off, axe-clean."""

from __future__ import annotations

from typing import Any

import pytest

from rightsdesk.cases.models import Case
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, staff_account
from tests.reporting import file_report


@pytest.fixture
def account(transactional_db: None) -> StaffAccount:
    return staff_account(username="rana")


def test_dashboard_and_case_page(
    page: Any, live_server: Any, account: StaffAccount, client: Any
) -> None:
    file_report(client, narrative="Threatened after editing.", emergency="yes")
    case = Case.objects.get()
    sign_in(page, account, account.password)
    assert "Crises open (P1)" in page.content()
    dashboard_violations = axe_violations(page)
    screenshot(page, "dashboard")

    page.get_by_role("link", name=case.number).first.click()
    assert "Threatened after editing." in page.content()
    case_violations = axe_violations(page)
    page.get_by_role("button", name="Assign to me").click()
    page.get_by_label("Internal note (never shown to the reporter)").fill("Called the lawyer.")
    page.get_by_role("button", name="Add note").click()
    assert "Called the lawyer." in page.content()
    page.get_by_label("Status").select_option("acknowledged")
    page.get_by_role("button", name="Set status").click()
    assert Case.objects.get().acknowledged_at is not None
    screenshot(page, "case-page")
    assert dashboard_violations == []
    assert case_violations == []


def test_search_and_a_whole_queue(
    page: Any, live_server: Any, account: StaffAccount, client: Any
) -> None:
    file_report(client, narrative="Threatened by the account Marigold-77 after editing.")
    case = Case.objects.get()
    sign_in(page, account, account.password)
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words to find").fill("marigold-77")
    page.get_by_role("button", name="Search").click()
    assert "1 case found" in page.content()
    search_violations = axe_violations(page)
    screenshot(page, "search")
    page.get_by_role("link", name=case.number).click()
    assert "Marigold-77" in page.content()

    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Unassigned").click()
    assert case.number in page.content()
    queue_violations = axe_violations(page)
    assert search_violations == []
    assert queue_violations == []
