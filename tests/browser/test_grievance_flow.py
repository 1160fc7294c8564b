"""A person harmed by the organisation files a grievance, JavaScript off, at phone and desktop
width: the receipt, the stage and its clock, the decision with reasons, an appeal, the appeal's
outcome. The handlers' and the reviewer's steps go through the services; the staff page is
shown too. Every page is checked by axe-core, for sideways scrolling and for requests that leave
the origin; screenshots in English, Arabic (right to left) and Burmese.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from rightsdesk.grievances.appeals import appeal_decide
from rightsdesk.grievances.models import Grievance
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import (
    DEFAULT_PASSWORD,
    StaffAccount,
    grievance_decided,
    grievance_filed,
    grievance_permission,
    staff_account,
)

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def gina(transactional_db: None) -> StaffAccount:
    account = staff_account(username="gina")
    grievance_permission(account)
    return account


@pytest.fixture
def rafael(transactional_db: None) -> StaffAccount:
    account = staff_account(username="rafael")
    grievance_permission(account, "review_appeals")
    return account


def check(page: Any, problems: dict[str, list[str]], name: str, width: int) -> None:
    found = axe_violations(page, width)
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px")
    if found:
        problems[name] = found


@pytest.mark.parametrize("width", [360, 1280])
def test_file_follow_decision_appeal_outcome(
    page: Any, live_server: Any, gina: StaffAccount, rafael: StaffAccount, width: int
) -> None:
    problems: dict[str, list[str]] = {}
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    page.get_by_role("link", name="Harmed by the organisation itself? File a grievance").click()
    assert "Grievances: how we handle them" in page.content()
    check(page, problems, "procedure", width)
    page.get_by_role("link", name="File a grievance").first.click()

    page.get_by_label("Account blocked, banned or restricted").check()
    page.get_by_label("A project or wiki").check()
    page.get_by_label("What happened?").fill("I was blocked as a sockpuppet; I am not one.")
    page.get_by_label("What would put it right? (optional)").fill("Unblock me.")
    check(page, problems, "form", width)
    screenshot(page, f"grievance-form-en-{width}")
    page.get_by_role("button", name="Send the grievance").click()
    html = page.content()
    assert "Your grievance was sent" in html
    receipt = re.search(r"<code>([0-9 ]+)</code>", html)
    assert receipt is not None
    check(page, problems, "receipt", width)

    page.get_by_role("link", name="Follow my grievance").click()
    page.get_by_label("Your receipt").fill(receipt.group(1))
    page.get_by_role("button", name="Open", exact=True).click()
    html = page.content()
    assert "Stage: Received" in html
    assert "This stage should end by" in html  # the clock, with the receipt
    grievance = Grievance.objects.get()
    grievance_decided(grievance, gina.user)

    page.reload()
    html = page.content()
    assert "Stage: Decision or agreement" in html
    assert "Not upheld" in html
    assert "We found the block followed the rules on sockpuppets." in html  # told of the decision
    assert "You can appeal this decision until" in html
    check(page, problems, "decision", width)
    screenshot(page, f"grievance-decision-en-{width}")
    page.get_by_label("Why do you think your grievance was not handled properly?").fill(
        "Nobody looked at the evidence I sent."
    )
    page.get_by_role("button", name="Appeal", exact=True).click()
    assert "The review is under way." in page.content()

    appeal_decide(
        grievance=grievance,
        actor=rafael.user,
        outcome="improper",
        reasons="The evidence was never read: the grievance goes back to assessment.",
    )
    page.reload()
    html = page.content()
    assert "Not handled properly: the grievance is reopened" in html
    assert "The evidence was never read" in html
    assert "Stage: Assessment" in html
    check(page, problems, "appeal outcome", width)
    screenshot(page, f"grievance-appeal-en-{width}")
    page.get_by_role("button", name="Sign out").click()
    assert "Read answers with your receipt" in page.content()  # back at the one sign-in

    sign_in(page, gina, DEFAULT_PASSWORD)
    page.goto(f"/grievances/staff/{grievance.number}/")
    html = page.content()
    assert "staff.css" in html
    assert "I was blocked as a sockpuppet" in html
    check(page, problems, "staff page", width)
    screenshot(page, f"grievance-staff-en-{width}")

    foreign = [url for url in page.requested if not url.startswith(live_server.url)]
    assert foreign == []
    assert problems == {}


@pytest.mark.parametrize("language", ["ar", "my"])
def test_grievance_pages_in_arabic_and_burmese(
    page: Any, live_server: Any, gina: StaffAccount, language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/grievances/")
    page.select_option("#language", language)
    page.locator("form.language button").click()
    for path, name in (("/grievances/", "procedure"), ("/grievances/file/", "form")):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        expected = "rtl" if language == "ar" else "ltr"
        assert page.locator("html").get_attribute("dir") == expected
        assert missing_glyphs(page) == []
        assert page.evaluate(OVERFLOW_JS) <= 0
        screenshot(page, f"grievance-{name}-{language}-360")
    assert axe_violations(page, 360) == []
    filed = grievance_filed()
    grievance_decided(filed.grievance, gina.user)
    page.goto("/grievances/follow/login/")
    page.locator("#id_receipt").fill(filed.receipt)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#stage").count() == 1  # signed in: the follow page
    assert missing_glyphs(page) == []
    assert page.evaluate(OVERFLOW_JS) <= 0
    screenshot(page, f"grievance-follow-{language}-360")
    assert axe_violations(page, 360) == []
