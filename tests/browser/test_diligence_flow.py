"""Due diligence in a real browser, JavaScript off: start an assessment, walk it through its five
phases, add impacts and a mitigation, publish a recommendation's status and see it on the public
tracker; then the assessment page and the tracker at 360 and 1280 pixels in English, Arabic and
Burmese (no horizontal overflow, no axe-core violation, every glyph drawn)."""

from __future__ import annotations

from typing import Any

import pytest

from rightsdesk.diligence.demo import demo_assessment
from rightsdesk.diligence.models import Assessment, Mitigation, Recommendation
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, staff_account

WIDTHS = (360, 1280)
LANGUAGES = ("en", "ar", "my")


@pytest.fixture
def account(transactional_db: None) -> StaffAccount:
    return staff_account(username="rana")


def _sign_off(page: Any, phase: int) -> None:
    for box in page.locator("input[name=items]").all():
        box.check()
    page.get_by_role("button", name="Save the checklist").click()
    assert "Checklist saved." in page.content()
    page.get_by_role("button", name=f"Sign off phase {phase}").click()
    assert "Phase signed off." in page.content()


def _add_impact(page: Any, title: str, right: str, scores: tuple[int, int, int, int]) -> None:
    page.locator("summary", has_text="Add an impact").click()
    page.get_by_label("Impact", exact=True).fill(title)
    page.get_by_label(right).check()
    page.get_by_label("Contributors (editors, uploaders)").first.check()
    page.get_by_label("Actual or potential").select_option("potential")
    page.get_by_label("Our involvement").select_option("contribute")
    for label, value in zip(
        ("Scale (how grave)", "Scope (how many)", "Irremediability"), scores, strict=False
    ):
        page.get_by_label(label, exact=True).select_option(str(value))
    page.get_by_label("Likelihood (potential impacts only)").select_option(str(scores[3]))
    page.get_by_role("button", name="Add the impact").click()
    assert "Impact added to the register." in page.content()


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_walk_an_assessment_to_the_public_tracker(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(30000)  # the assessment page is the busiest staff page (see below)
    sign_in(page, account, account.password)
    page.get_by_role("link", name="Due diligence").click()
    page.get_by_label("Title", exact=True).fill("Upload Wizard 2027")
    page.get_by_label("What is assessed", exact=True).select_option("feature")
    page.get_by_label("Owner", exact=True).select_option(label="rana")
    page.get_by_label("Scope: what is assessed and why (sealed)").fill(
        "The upload flow on mobile, in all languages."
    )
    page.get_by_role("button", name="Start the assessment").click()
    assert "Assessment created." in page.content()
    assessment = Assessment.objects.get()

    # A sign-off with open items is refused on the page, and nothing moves.
    page.get_by_role("button", name="Sign off phase 1").click()
    assert "open checklist items (4)" in page.content()
    _sign_off(page, 1)
    _sign_off(page, 2)

    _add_impact(
        page, "Location in photos exposes uploaders", "Privacy (UDHR article 12)", (3, 2, 4, 2)
    )
    _add_impact(
        page,
        "Slow uploads on old phones",
        "Education (ICESCR article 13, CRC article 28)",
        (2, 3, 1, 4),
    )
    impacts = page.locator("article")
    # Ranked by the rule: the irremediable impact first, although it is less likely.
    assert "Location in photos" in impacts.nth(0).inner_text()
    assert "Top priority" in impacts.nth(0).inner_text()
    assert "Rule v1" in impacts.nth(0).inner_text()

    first = impacts.nth(0)
    first.locator("summary", has_text="Add a mitigation").click()
    first.get_by_label("Action (sealed)").fill("Strip location data from every upload by default.")
    first.get_by_label("Owner", exact=True).select_option(label="rana")
    first.get_by_label("Due", exact=True).fill("2027-03-01")
    first.get_by_label("Indicator: what is measured").fill("Uploads keeping GPS data")
    first.get_by_label("Baseline", exact=True).fill("31%")
    first.get_by_label("Target", exact=True).fill("0%")
    first.get_by_label("Feedback from the people affected: from where").fill(
        "Photographers' survey"
    )
    first.get_by_role("button", name="Add the mitigation").click()
    assert "Mitigation added." in page.content()
    assert Mitigation.objects.get().owner == account.user

    for phase in (3, 4, 5):
        _sign_off(page, phase)
    assessment.refresh_from_db()
    assert assessment.state == "complete"

    page.locator("summary", has_text="Add a recommendation").click()
    page.get_by_label("Recommendation (public once published)").fill(
        "Strip location data from uploads by default"
    )
    page.get_by_label("Publish on the public tracker now").check()
    page.get_by_role("button", name="Add the recommendation").click()
    recommendation = Recommendation.objects.get()
    form = page.locator(f"form[action$='/recommendation/{recommendation.uid}/']")
    form.get_by_label("Status", exact=True).select_option("in_progress")
    form.get_by_label("Public note (the reasons, when declined)").fill("Shipped to 10% of users.")
    form.get_by_role("button", name="Record the status").click()
    assert "Status recorded." in page.content()
    assessment_violations = axe_violations(page)
    screenshot(page, "diligence-assessment-flow")

    page.goto("/diligence/")
    text = page.content()
    assert "Strip location data from uploads by default" in text
    assert "In progress" in text
    assert "Shipped to 10% of users." in text
    tracker_violations = axe_violations(page)
    assert all(url.startswith(live_server.url) for url in page.requested)
    assert assessment_violations == []
    assert tracker_violations == []


@pytest.mark.screens
def test_assessment_and_tracker_at_two_widths_in_three_languages(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    assessment = demo_assessment(account.user)
    # The busiest staff page (every impact with its forms): on a loaded CI machine it can take
    # longer than the default 8 s to load; this test is about rendering, not speed.
    page.set_default_timeout(30000)
    sign_in(page, account, account.password)
    problems: list[str] = []
    for code in LANGUAGES:
        page.select_option("#language", code)
        page.locator("form.language button").click()
        page.wait_for_load_state("load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in (
                ("assessment", f"/staff/diligence/{assessment.uid}/"),
                ("tracker", "/diligence/"),
                ("report", f"/staff/diligence/{assessment.uid}/report/"),
            ):
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == code
                if (overflow := _overflow(page)) > 0:
                    problems.append(f"{name} {code} {width}px: overflows by {overflow}px")
                for missing in missing_glyphs(page):
                    problems.append(f"{name} {code} {width}px: {missing}")
                if width == 360:
                    problems += [f"{name} {code}: {v}" for v in axe_violations(page, 360)]
                screenshot(page, f"diligence-{name}-{code}-{width}")
    assert problems == []
