"""The report-back page for partners without accounts, in a real browser with JavaScript off, at
360 and 1280 px in English, Arabic and Burmese: a report with the code, the next code shown once,
a wrong code refused; no sideways scrolling, no missing glyphs, no axe violation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners import keys
from rightsdesk.partners.models import Referral
from rightsdesk.partners.remote.services import code_canonical
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.factories import case_filed, partner_account, partner_listed, staff_account

CODE = "1111 2222 3333 4444 5555"
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def _remote_referral() -> Referral:
    """A sent referral that answers to CODE (the OpenPGP side is tested in tests/partners)."""
    submitted = case_filed()
    partner = partner_listed()
    partner_account(partner)
    referral = referral_draft(
        case=submitted.case,
        actor=staff_account().user,
        partner=partner,
        service="legal",
        pieces=["narrative"],
        purpose="Legal advice",
        summary="",
        until=timezone.now().date() + timedelta(days=30),
        now=timezone.now(),
    )
    consent_give(
        referral=referral,
        case_key=inbox_login(submitted.receipt).key,
        pieces=["narrative"],
        language="en",
        now=timezone.now(),
    )
    Referral.objects.filter(pk=referral.pk).update(
        remote=True, remote_code_digest=keys.code_digest(code_canonical(CODE))
    )
    return referral


def _check(page: Any, name: str, language: str) -> list[str]:
    page.wait_for_load_state("load")
    problems = []
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow > 0:
            problems.append(f"{name} {width}px scrolls sideways by {overflow}px")
        problems += [f"{name} {width}px: {m}" for m in missing_glyphs(page)]
        if width == 360:
            problems += [f"{name}: {v}" for v in axe_violations(page, width)]
        screenshot(page, f"partners/report-back-{name}-{language}-{width}")
    return problems


@pytest.mark.screens
@pytest.mark.parametrize("language", ["en", "ar", "my"])
def test_report_back_page(
    page: Any, live_server: Any, transactional_db: None, language: str
) -> None:
    referral = _remote_referral()
    page.goto("/")
    page.select_option("#language", language)
    page.locator("form.language button").click()
    page.goto("/partners/report/")
    assert page.locator("html").get_attribute("lang") == language
    problems = _check(page, "form", language)

    page.locator("#id_code").fill("9999 9999 9999 9999 9999")
    page.locator("#id_state_0").check()
    page.locator("main form button").click()
    assert page.locator(".error-summary").count() == 1
    problems += _check(page, "wrong-code", language)

    page.locator("#id_code").fill(CODE)
    page.locator("#id_state_0").check()  # received
    page.locator("#id_note").fill("We have it and will call within a day.")
    page.locator("main form button").click()
    page.wait_for_load_state("load")
    assert page.locator(".secret code").count() == 1, page.locator("main").inner_text()
    next_code = page.locator(".secret code").inner_text()
    assert len(next_code.replace(" ", "")) == 20
    problems += _check(page, "reported", language)
    assert Referral.objects.get(pk=referral.pk).state == "received"
    assert all(url.startswith(live_server.url) for url in page.requested)
    assert not problems, "\n".join(problems)
