"""A contributor walks the doxxing guide with JavaScript off and carries the answers to the team.

axe-core checks a guide page and the end page; nothing is requested from another origin.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import axe_violations, screenshot


def test_doxxing_guide_to_tell_the_team(
    page: Any, live_server: Any, transactional_db: None
) -> None:
    violations: dict[str, list[str]] = {}
    page.goto("/safety/")
    violations["hub"] = axe_violations(page)
    page.get_by_role("link", name="I am being doxxed").click()

    assert "physical danger right now" in page.content()
    violations["guide question"] = axe_violations(page)
    page.get_by_role("link", name="No, not right now").click()
    page.get_by_role("link", name="My private information is already published").click()
    page.get_by_role("link", name="Back to the previous question").click()  # a way back
    assert "What is happening?" in page.content()
    page.get_by_role("link", name="My private information is already published").click()
    page.get_by_role("link", name="On social media, a forum").click()

    assert "Document it, then ask for removal" in page.content()
    violations["guide end"] = axe_violations(page)
    screenshot(page, "safety-doxxing-end")
    page.get_by_role("button", name="Tell the team, with my answers").click()

    assert "Step 1 of 6" in page.content()
    narrative = page.get_by_label("Tell us in your own words").input_value()
    assert "From the self-help guide: I am being doxxed" in narrative
    assert "My private information is already published" in narrative
    assert page.get_by_label("Private information published (doxxing)").is_checked()

    foreign = [url for url in page.requested if not url.startswith(live_server.url)]
    assert foreign == []
    assert {name: found for name, found in violations.items() if found} == {}


def test_checkup_and_quiz_without_javascript(
    page: Any, live_server: Any, transactional_db: None
) -> None:
    violations: dict[str, list[str]] = {}
    page.goto("/safety/checkup/")
    violations["checkup"] = axe_violations(page)
    page.locator("#reuse-yes").check()
    page.get_by_role("button", name="Show my plan").click()
    assert "Your safety plan" in page.content()
    violations["plan"] = axe_violations(page)

    page.goto("/safety/learn/passwords/")
    violations["module quiz"] = axe_violations(page)
    page.locator("#q0-0").check()
    page.get_by_role("button", name="Check my answers").click()
    assert "Your result: 1 of 3" in page.content()
    violations["quiz result"] = axe_violations(page)
    assert {name: found for name, found in violations.items() if found} == {}


def test_arabic_guide_is_right_to_left(page: Any, live_server: Any, transactional_db: None) -> None:
    page.goto("/safety/")
    page.select_option("#language", "ar")
    page.locator("form.language button").click()
    page.goto("/safety/guides/doxxing/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "هل أنت أو أحد المقربين منك في خطر جسدي الآن؟" in page.content()
    page.get_by_role("link", name="لا، ليس الآن").click()
    page.get_by_role("link", name="لا شيء بعد، لكني أريد أن أصعّب ذلك").click()
    assert "صعّب العثور عليك" in page.content()
    screenshot(page, "safety-doxxing-end-ar")
    assert axe_violations(page) == []
