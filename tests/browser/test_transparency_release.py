"""The public page of an approved transparency release in English, Arabic (right to left) and
Burmese at phone and desktop width, JavaScript off: every glyph drawn, no sideways scrolling,
axe-core clean, screenshots. (Drafting, approving and downloading in the browser:
test_demand_to_release.py.)"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from rightsdesk.accounts.models import User
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import release_approve, release_draft
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, staff_account
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


@pytest.fixture
def board(transactional_db: None) -> tuple[StaffAccount, str]:
    """A board pack to 2026-Q3 whose trend chart was drawn with noise (ε 0.5)."""
    cases(30, on=date(2025, 11, 3), priority="P2")
    cases(12, on=date(2026, 2, 10), priority="P3")
    cases(25, on=date(2026, 5, 20), priority="P3")
    cases(3, on=date(2026, 8, 1), priority="P1")
    drafter = staff_account(username="dora").user
    release = release_draft(
        actor=drafter,
        audience="board",
        period="2026-Q3",
        noisy={"trend": Decimal("0.5")},
        now=NOW,
    )
    return staff_account(username="ada", role=User.Role.ADMIN), release.slug


@pytest.mark.parametrize("language", ["en", "ar", "my"])
def test_the_board_pack_draws_its_noisy_trend_chart_labelled_with_epsilon(
    page: Any, live_server: Any, board: tuple[StaffAccount, str], language: str
) -> None:
    admin, slug = board
    sign_in(page, admin, admin.password)
    page.goto("/transparency/staff/")
    page.select_option("#language", language)
    page.locator("form.language button").click()
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/transparency/staff/{slug}/")
        chart = page.locator("#table-trend figure.trend-chart")
        assert chart.locator("polyline").count() >= 1
        if language == "en":
            assert "ε = 0.500" in chart.inner_text()
        assert missing_glyphs(page) == []
        assert page.evaluate(OVERFLOW_JS) <= 0
        screenshot(page, f"transparency-board-trend-{language}-{width}")
    assert axe_violations(page, 360) == []
    assert all(url.startswith(live_server.url) for url in page.requested)
