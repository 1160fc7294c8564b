"""The partner directory in a real browser, JavaScript off: a handler adds an organisation at
phone width, vets it, and finds it on the public list of support organisations; then the public
list and the staff directory at 360 and 1280 pixels in English, Arabic and Burmese (no horizontal
overflow of the page, no axe-core violation, every glyph drawn, nothing requested elsewhere)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from rightsdesk.partners.models import Partner
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, partner_listed, staff_account

WIDTHS = (360, 1280)
LANGUAGES = ("en", "ar", "my")


@pytest.fixture
def account(transactional_db: None) -> StaffAccount:
    return staff_account(username="dina")


def _choose_language(page: Any, code: str) -> None:
    page.select_option("#language", code)
    page.locator("form.language button").click()
    page.wait_for_load_state("load")


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _add_and_vet(page: Any, name: str) -> None:
    page.goto("/staff/partners/new/")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("What they do").fill("Counselling for contributors under pressure.")
    page.get_by_label("Counselling", exact=True).check()
    page.get_by_label("Languages").fill("en, my")
    page.select_option("#id_countries", ["MM"])
    page.get_by_label("Website").fill("https://calm.example.org")
    page.get_by_label("They agreed to be listed on the public list").check()
    page.get_by_label("Open referrals they can take").fill("3")
    page.get_by_role("button", name="Add the organisation").click()
    page.wait_for_load_state("load")
    assert "/staff/partners/" in page.url
    assert page.url.rstrip("/").split("/")[-1] != "new"
    assert "Never vetted" in page.content()
    today = timezone.now().date()
    page.get_by_label("Who vouched for them").fill("A CiviCERT member")
    page.get_by_label("Valid until").fill((today + timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Record the vetting").click()
    page.wait_for_load_state("load")
    assert "The vetting was recorded." in page.content()
    assert "Never vetted" not in page.content()


def test_a_handler_adds_and_vets_a_partner_and_it_is_on_the_public_list(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, account, account.password)
    page.goto("/support/")
    assert "Calm Minds" not in page.content()
    _add_and_vet(page, "Calm Minds")
    partner = Partner.objects.get(name="Calm Minds")
    assert partner.public
    assert partner.services == ["counselling"]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/safety/support/")
        page.get_by_role("link", name="Organisations that offer counselling").click()
        page.wait_for_load_state("load")
        assert urlparse(page.url).query == "service=counselling"
        assert "Calm Minds" in page.content()
        assert "https://calm.example.org" in page.content()
        assert _overflow(page) <= 0
        page.select_option("#id_service", "legal")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state("load")
        assert "Calm Minds" not in page.content()
    origin = urlparse(live_server.url).netloc
    assert {urlparse(url).netloc for url in page.requested} == {origin}


@pytest.mark.screens
def test_public_list_and_staff_directory_at_two_widths_in_three_languages(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    shown = partner_listed(
        name="Digital Defenders Lab",
        services=("digital_security", "counselling"),
        languages=("en", "ar", "my"),
        countries=("MM", "IR"),
        worldwide=False,
        public=True,
    )
    partner_listed(name="Abogados Sin Fronteras", services=("legal",), languages=("es",))
    partner_listed(name="Expired Helpers Collective", vetted_until_days=-1, public=True)
    sign_in(page, account, account.password)
    problems: list[str] = []
    for code in LANGUAGES:
        _choose_language(page, code)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in (
                ("support", "/support/"),
                ("directory", "/staff/partners/"),
                ("partner", f"/staff/partners/{shown.uid}/"),
                ("edit", f"/staff/partners/{shown.uid}/edit/"),
            ):
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == code
                overflow = _overflow(page)
                if overflow > 0:
                    problems.append(f"{name} {code} {width}px: page overflows by {overflow}px")
                for violation in axe_violations(page, width):
                    problems.append(f"{name} {code} {width}px: {violation}")
                for missing in missing_glyphs(page):
                    problems.append(f"{name} {code} {width}px: {missing}")
                screenshot(page, f"partners-{name}-{code}-{width}")
    assert problems == []
