"""The team's side of a referral in a real browser, JavaScript off: a handler drafts a referral
from the case page at 360 and 1280 pixels, and the referrals panel, the proposals and the staff
referral page are checked (no overflow, axe-clean, every glyph drawn) and photographed in
English, Arabic and Burmese."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.clock import referrals_check
from rightsdesk.partners.models import Partner, Referral, Vetting
from rightsdesk.partners.services.loop import partner_move
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.partners.vocabulary import State
from tests.browser.conftest import RUN_SCREENSHOTS, axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import (
    StaffAccount,
    case_filed,
    partner_account,
    partner_listed,
    staff_account,
)

WIDTHS = (360, 1280)
LANGUAGES = ("en", "ar", "my")


@pytest.fixture
def account(transactional_db: None) -> StaffAccount:
    return staff_account(username="rana")


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _choose_language(page: Any, code: str) -> None:
    page.select_option("#language", code)
    page.locator("form.language button").click()
    page.wait_for_load_state("load")


def _case_with_partners() -> tuple[Case, str]:
    submitted = case_filed(
        narrative="After I edited the article on the protests my address was posted on a "
        "forum, with a photo of my building.",
        threat_types=("doxxing", "offline_harassment"),
        country="IR",
    )
    case = submitted.case
    message_post(
        case=case, body="Can someone help me with a lawyer? I can talk on Tuesday.", author=None
    )
    partner_listed(name="Legal Aid Network", response_hours=24)
    partner_listed(name="Digital Defenders Partnership", response_hours=12)
    partner_listed(name="Counsel Without Borders", vetted_until_days=-1)
    partner_listed(name="Translators Collective", services=("translation",))
    return case, submitted.receipt


def test_a_handler_drafts_a_referral_from_the_case_page(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    case, _receipt = _case_with_partners()
    sign_in(page, account, account.password)
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/staff/cases/{case.number}/")
        panel = page.locator("#referrals")
        panel.get_by_label("Service the volunteer needs").select_option("legal")
        panel.get_by_role("button", name="Refer: show matching partners").click(timeout=30_000)
        page.wait_for_load_state("load")
        assert "Partners for “Legal support”, best fit first" in page.content()
        assert page.locator("details.excluded").get_attribute("open") is None  # collapsed
        if _overflow(page) > 0:
            problems.append(f"refer page {width}px overflows by {_overflow(page)}px")
        problems += [f"refer page {width}px: {v}" for v in axe_violations(page, width)]
        page.get_by_label("Legal Aid Network").check()
        page.get_by_label("What the referral is for").fill(f"A lawyer for the doxxing ({width})")
        page.get_by_label("What happened, in the volunteer's words").check()
        page.get_by_label("Country", exact=True).check()
        page.get_by_label("Message from the reporter", exact=False).check()
        # Drafting writes and audits several rows: on a loaded machine it outlasts the 8 s default.
        page.get_by_role("button", name="Ask the volunteer now").click(timeout=30_000)
        page.wait_for_load_state("load")
        assert "/staff/referrals/" in page.url
        content = page.content()
        assert "Referral to Legal Aid Network" in content
        assert "The referral is in the volunteer's inbox" in content
        assert f"A lawyer for the doxxing ({width})" in content
        if _overflow(page) > 0:
            problems.append(f"referral page {width}px overflows by {_overflow(page)}px")
        problems += [f"referral page {width}px: {v}" for v in axe_violations(page, width)]
        screenshot(page, f"partners-drafted-{width}")
    referrals = list(Referral.objects.order_by("created_at"))
    assert [r.state for r in referrals] == [State.AWAITING_CONSENT] * 2
    message = case.messages.get()
    assert referrals[0].pieces == ["narrative", "country", f"message:{message.uid}"]
    assert problems == []


def _busy_referrals(case: Case, receipt: str, handler: StaffAccount) -> Referral:
    """Referrals in three states: accepted with a partner's update, one escalated (sent a day
    and more ago, not answered), one drafted. Returns the accepted one."""
    earlier = timezone.now() - timedelta(hours=30)
    key = inbox_login(receipt).key
    legal = Partner.objects.get(name="Legal Aid Network")
    digital = Partner.objects.get(name="Digital Defenders Partnership")
    Vetting.objects.update(vetted_on=earlier.date() - timedelta(days=10))
    member = partner_account(legal)
    partner_account(digital)  # a partner with no account and no OpenPGP key cannot be sent to

    def draft(partner: Partner, service: str, at: Any, *, ask: bool = True) -> Referral:
        return referral_draft(
            case=case,
            actor=handler.user,
            partner=partner,
            service=service,
            pieces=["narrative", "country", "threat_types"],
            purpose="Legal advice on the posted address and a complaint to the forum.",
            summary="",
            until=timezone.now().date() + timedelta(days=30),
            now=at,
            ask=ask,
        )

    accepted = draft(legal, "legal", timezone.now())
    consent_give(
        referral=accepted, case_key=key, pieces=["narrative", "country"], language="en",
        now=timezone.now(),
    )  # fmt: skip
    partner_move(
        referral=accepted,
        actor=member.user,
        to_state=State.ACCEPTED,
        note="We will call the volunteer on Tuesday at 10:00 their time.",
        now=timezone.now(),
        version=None,
    )
    late = draft(digital, "digital_security", earlier)
    consent_give(referral=late, case_key=key, pieces=["country"], language="en", now=earlier)
    referrals_check(timezone.now())
    draft(legal, "legal", timezone.now(), ask=False)
    return Referral.objects.get(pk=accepted.pk)


@pytest.mark.screens
def test_referral_screens_in_three_languages_at_two_widths(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    case, receipt = _case_with_partners()
    accepted = _busy_referrals(case, receipt, account)
    sign_in(page, account, account.password)
    RUN_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screens = (
        ("case", f"/staff/cases/{case.number}/"),
        ("proposals", f"/staff/cases/{case.number}/referrals/new/?service=legal"),
        ("referral", f"/staff/referrals/{accepted.uid}/"),
    )
    problems: list[str] = []
    for code in LANGUAGES:
        _choose_language(page, code)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in screens:
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == code
                where = f"{name} {code} {width}px"
                if _overflow(page) > 0:
                    problems.append(f"{where}: page overflows by {_overflow(page)}px")
                problems += [f"{where}: {v}" for v in axe_violations(page, width)]
                problems += [f"{where}: {m}" for m in missing_glyphs(page)]
                if name == "case":
                    panel = page.locator("#referrals")
                    assert panel.locator(".referral--overdue").count() == 1
                    panel.screenshot(
                        path=str(RUN_SCREENSHOTS / f"partners-panel-{code}-{width}.png")
                    )
                else:
                    screenshot(page, f"partners-{name}-{code}-{width}")
    assert problems == []
