"""A threatened volunteer files a report with a file, JavaScript off, then follows up.

Each step is checked by axe-core; the Arabic flow is screenshotted right-to-left.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from tests.browser.conftest import axe_violations, screenshot
from tests.factories import StaffAccount, staff_account


@pytest.fixture
def staff(transactional_db: None) -> StaffAccount:
    return staff_account(username="nadia")


def next_step(page: Any) -> None:
    page.get_by_role("button", name="Next").click()


def test_report_with_file_receipt_inbox_and_reply(
    page: Any, live_server: Any, staff: StaffAccount, tmp_path: Path
) -> None:
    violations: dict[str, list[str]] = {}
    page.goto("/")
    violations["home"] = axe_violations(page)
    page.get_by_role("link", name="Report a threat").click()

    assert "Step 1 of 6" in page.content()
    page.get_by_label("Private information published (doxxing)").check()
    page.get_by_label("Tell us in your own words").fill("My address was posted on a forum.")
    page.get_by_label("No", exact=True).check()
    violations["step 1"] = axe_violations(page)
    next_step(page)

    assert "Step 2 of 6" in page.content()
    page.get_by_label("A government or state agency").check()
    violations["step 2"] = axe_violations(page)
    next_step(page)
    page.get_by_role("button", name="Back").click()
    assert page.get_by_label("A government or state agency").is_checked()  # back keeps answers
    next_step(page)

    assert "Step 3 of 6" in page.content()
    page.get_by_label("Where is this happening? (optional)").select_option("MM")
    violations["step 3"] = axe_violations(page)
    next_step(page)
    page.get_by_label("Privacy (UDHR article 12)").check()
    violations["step 4"] = axe_violations(page)
    next_step(page)
    violations["step 5"] = axe_violations(page)
    next_step(page)

    assert "Step 6 of 6" in page.content()
    assert "My address was posted on a forum." in page.content()  # the review shows the answers
    evidence = tmp_path / "screenshot-notes.txt"
    evidence.write_text("The post went up on Monday.\n", encoding="utf-8")
    page.set_input_files("#attachments", str(evidence))
    violations["review"] = axe_violations(page)
    page.get_by_role("button", name="Send the report").click()

    html = page.content()
    assert "Your report was sent" in html
    receipt = re.search(r"<code>([0-9 ]+)</code>", html)
    assert receipt is not None
    violations["receipt"] = axe_violations(page)
    screenshot(page, "receipt")

    case = Case.objects.get()
    assert case.country == "MM"
    message_post(case=case, body="We saw your report and will write back today.", author=staff.user)

    page.get_by_role("link", name="Go to the inbox").click()
    page.get_by_label("Your receipt").fill(receipt.group(1))
    violations["inbox login"] = axe_violations(page)
    page.get_by_role("button", name="Open", exact=True).click()
    assert "We saw your report and will write back today." in page.content()
    assert "screenshot-notes.txt" in page.content()
    violations["inbox"] = axe_violations(page)
    page.get_by_label("Your message").fill("Thank you. It is still online.")
    page.get_by_role("button", name="Send", exact=True).click()
    assert "Thank you. It is still online." in page.content()
    page.get_by_role("button", name="Sign out").click()
    assert "Read answers with your receipt" in page.content()

    foreign = [url for url in page.requested if not url.startswith(live_server.url)]
    assert foreign == []
    assert {name: found for name, found in violations.items() if found} == {}


def test_arabic_flow_is_right_to_left(page: Any, live_server: Any, transactional_db: None) -> None:
    page.goto("/report/")
    page.select_option("#language", "ar")
    page.locator("form.language button").click()
    page.goto("/report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    box = page.locator("main h1").bounding_box()
    width = page.viewport_size["width"]
    assert box is not None
    assert box["x"] + box["width"] > width / 2  # the heading sits on the right
    screenshot(page, "report-step1-ar")
    assert axe_violations(page) == []
