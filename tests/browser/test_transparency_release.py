"""An admin approves a transparency release drafted by a colleague, JavaScript off, at phone and
desktop width; the public page shows it with its charts, and its CSV downloads with no number
from 1 to 4 in it. Every page is checked by axe-core and for sideways scrolling; screenshots of
the public page in English, Arabic (right to left) and Burmese."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from rightsdesk.accounts.models import User
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import release_approve, release_draft
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import DEFAULT_PASSWORD, StaffAccount, staff_account
from tests.transparency.releasing import cases

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def released(transactional_db: None) -> tuple[StaffAccount, str]:
    cases(23, country="DE", priority="P3")
    cases(9, country="FR", priority="P2", late=True)
    cases(1, country="LS", priority="P1", threat_types=("arrest",))
    cases(6, country="BR", priority="P3", status="in_progress", threat_types=("surveillance",))
    drafter = staff_account(username="dora").user
    release = release_draft(actor=drafter, audience="public", period="2026-H1", now=NOW)
    return staff_account(username="ada", role=User.Role.ADMIN), release.slug


def check(page: Any, problems: dict[str, list[str]], name: str, width: int) -> None:
    found = axe_violations(page, width)
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px")
    if found:
        problems[name] = found


@pytest.mark.parametrize("width", [360, 1280])
def test_approve_a_release_then_read_and_download_it(
    page: Any, live_server: Any, released: tuple[StaffAccount, str], width: int
) -> None:
    admin, slug = released
    problems: dict[str, list[str]] = {}
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, admin, DEFAULT_PASSWORD)
    page.goto("/transparency/staff/")
    page.get_by_role("link", name=slug).click()
    html = page.content()
    assert "fewer than 5" in html
    check(page, problems, "staff preview", width)
    screenshot(page, f"transparency-staff-preview-en-{width}")
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published." in page.content()
    page.get_by_role("link", name="The public page").click()
    html = page.content()
    assert "Transparency report 2026-H1" in html
    assert "<svg" in html
    check(page, problems, "public page", width)
    screenshot(page, f"transparency-release-en-{width}")
    with page.expect_download() as info:
        page.get_by_role(
            "link", name="Download “Threat reports received, by country or region” as CSV"
        ).click()
    body = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows
    assert not [r for r in rows if re.fullmatch(r"[1-4]", r["count"])]
    assert "LS" not in {r["row_key"] for r in rows}
    page.goto("/")
    page.get_by_role("link", name="Transparency reports: what we received and what we did").click()
    assert slug in page.content()
    check(page, problems, "public index", width)
    foreign = [url for url in page.requested if not url.startswith(live_server.url)]
    assert foreign == []
    assert problems == {}


@pytest.mark.parametrize("language", ["en", "ar", "my"])
def test_the_public_release_page_in_english_arabic_and_burmese(
    page: Any, live_server: Any, released: tuple[StaffAccount, str], language: str
) -> None:
    admin, slug = released
    release_approve(actor=admin.user, release=Release.objects.get(slug=slug), now=NOW)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/transparency/")
        page.select_option("#language", language)
        page.locator("form.language button").click()
        page.goto(f"/transparency/{slug}/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert missing_glyphs(page) == []
        assert page.evaluate(OVERFLOW_JS) <= 0
        screenshot(page, f"transparency-release-{language}-{width}")
    assert axe_violations(page, 360) == []
