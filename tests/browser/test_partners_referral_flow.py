"""A referral from start to finish in a real browser, JavaScript off, at 360 and 1280 pixels.

The volunteer files a report through the form; a handler drafts a referral through the services
(the case page's referral panel is another part of issue 12); the volunteer opens the inbox with
the receipt, sees the proposal at the top, reads exactly what would go, leaves their contact out
and agrees; the partner's user signs in with password and TOTP, lands on the portal, accepts and
reports the outcome; the handler then sees on the case page the follow-up the outcome sent to the
volunteer, and the referral's state on its audit trail. A second test takes the screenshots of
the inbox panel, the consent page and the portal's pages in English, Arabic and Burmese at both
widths, and fails on sideways scrolling, axe-core violations and glyphs no font draws.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.models import Consent
from rightsdesk.partners.services.referrals import consent_give
from rightsdesk.partners.vocabulary import State
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import (
    StaffAccount,
    partner_account,
    partner_listed,
    referral_proposed,
    staff_account,
)
from tests.reporting import file_report, receipt_from

WIDTHS = (360, 1280)
LANGUAGES = ("en", "ar", "my")
NARRATIVE = "A group posted my home address after I edited the article on the dam."
CONTACT = "Signal +00 5550 1234"


@pytest.fixture
def handler(transactional_db: None) -> StaffAccount:
    return staff_account(username="hana")


def _file_report(page: Any) -> str:
    """The volunteer's report through the form's six steps; returns the receipt."""
    page.goto("/report/")
    page.get_by_label("Private information published (doxxing)").check()
    page.get_by_label("Tell us in your own words").fill(NARRATIVE)
    page.get_by_label("No", exact=True).check()
    for _step in range(2):
        page.get_by_role("button", name="Next").click()
    page.get_by_label("Where is this happening? (optional)").select_option("MM")
    for _step in range(2):
        page.get_by_role("button", name="Next").click()
    page.get_by_label("How can we reach you? (optional)").fill(CONTACT)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Send the report").click()
    found = re.search(r"<code>([0-9 ]+)</code>", page.content())
    assert found is not None
    return found.group(1)


def _open_inbox(page: Any, receipt: str) -> None:
    page.goto("/inbox/login/")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Open", exact=True).click()


def _context(browser: Any, live_server: Any, width: int) -> Any:
    context = browser.new_context(
        java_script_enabled=False,
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(8000)
    page = context.new_page()
    page.requested = []  # every URL it asked for, to prove nothing left the origin
    page.on("request", lambda request: page.requested.append(request.url))
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_the_volunteer_agrees_the_partner_accepts_and_reports_the_handler_sees_it(
    browser: Any, live_server: Any, handler: StaffAccount, width: int
) -> None:
    volunteer = _context(browser, live_server, width)
    receipt = _file_report(volunteer)
    case = Case.objects.get()
    partner = partner_listed(name="Dam Watch Legal")
    member = partner_account(partner)
    referral = referral_proposed(
        case, partner, handler.user, pieces=("narrative", "contact", "country")
    )
    problems: dict[str, list[str]] = {}

    _open_inbox(volunteer, receipt)
    inbox = volunteer.content()
    assert (
        "The team proposes to put you in touch with Dam Watch Legal for Legal support: "
        "please answer." in inbox
    )
    problems["inbox"] = axe_violations(volunteer, width)
    screenshot(volunteer, f"referral-inbox-panel-{width}")
    volunteer.get_by_role("link", name="See what would be shared, and answer").click()
    consent_page = volunteer.content()
    assert NARRATIVE in consent_page
    assert CONTACT in consent_page
    assert "Myanmar" in consent_page
    problems["consent"] = axe_violations(volunteer, width)
    screenshot(volunteer, f"referral-consent-{width}")
    volunteer.get_by_label("How to reach you").uncheck()
    volunteer.get_by_role("button", name="Agree and share what is ticked").click()
    assert "Withdraw my consent" in volunteer.content()
    referral.refresh_from_db()
    assert referral.state == State.SENT
    assert referral.consented == ["narrative", "country"]
    assert Consent.objects.get(referral=referral).channel == "inbox"

    portal = _context(browser, live_server, width)
    sign_in(portal, member, member.password)
    assert portal.url.endswith("/partner/")
    problems["portal home"] = axe_violations(portal, width)
    screenshot(portal, f"referral-portal-home-{width}")
    portal.get_by_role("link", name=str(referral.uid)[:8]).click()
    page = portal.content()
    assert NARRATIVE in page
    assert CONTACT not in page  # left out by the volunteer
    problems["portal referral"] = axe_violations(portal, width)
    screenshot(portal, f"referral-portal-referral-{width}")
    portal.get_by_role("button", name="Accept").click()
    assert "The referral is now “Accepted”." in portal.content()
    portal.get_by_label("Outcome").first.select_option("resolved")
    portal.get_by_label("Note for the team (optional)").first.fill("We met and filed a complaint.")
    portal.get_by_role("button", name="Report completed").click()
    assert "The referral is now “Completed”." in portal.content()
    screenshot(portal, f"referral-portal-done-{width}")
    referral.refresh_from_db()
    assert (referral.state, referral.outcome) == (State.COMPLETED, "resolved")

    # The handler sees it on the case: the partner's steps and its note on the case's timeline,
    # the follow-up the outcome sent to the volunteer in its conversation, and the referral's
    # steps on its audit trail.
    staff = _context(browser, live_server, width)
    sign_in(staff, handler, handler.password)
    staff.goto(f"/staff/cases/{case.number}/")
    page = staff.content()
    assert "Dam Watch Legal reported the referral completed" in page
    assert "we put you in touch with a partner organisation" in page
    actions = set(
        AuditEntry.objects.filter(target_id__startswith=f"{case.number}:referral:").values_list(
            "action", flat=True
        )
    )
    assert {"case.referral.consent.agreed", "case.referral.accepted"} <= actions
    assert "case.referral.completed" in actions
    for each in (volunteer, portal, staff):
        foreign = [url for url in each.requested if not url.startswith(live_server.url)]
        assert foreign == []
        each.context.close()
    assert {name: found for name, found in problems.items() if found} == {}


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _choose_language(page: Any, code: str) -> None:
    page.select_option("#language", code)
    page.locator("form.language button").click()
    page.wait_for_load_state("load")


@pytest.mark.screens
def test_the_referral_screens_in_three_languages_at_two_widths(
    browser: Any, live_server: Any, handler: StaffAccount, client: Any
) -> None:
    filed = file_report(client, narrative=NARRATIVE, contact=CONTACT, country="MM")
    receipt = receipt_from(filed.content.decode())
    case = Case.objects.get()
    partner = partner_listed(name="Dam Watch Legal")
    member = partner_account(partner)
    asked = referral_proposed(case, partner, handler.user, pieces=("narrative", "contact"))
    sent = referral_proposed(
        case, partner, handler.user, pieces=("narrative", "country"), service="digital_security"
    )
    consent_give(
        referral=sent,
        case_key=inbox_login(receipt).key,
        pieces=["narrative", "country"],
        language="en",
        now=timezone.now(),
    )
    volunteer = _context(browser, live_server, 1280)
    _open_inbox(volunteer, receipt)
    portal = _context(browser, live_server, 1280)
    sign_in(portal, member, member.password)
    screens = (
        (volunteer, "inbox", "/inbox/"),
        (volunteer, "consent", f"/inbox/referrals/{asked.uid}/"),
        (volunteer, "consent-sent", f"/inbox/referrals/{sent.uid}/"),
        (volunteer, "withdraw", f"/inbox/referrals/{sent.uid}/withdraw/"),
        (portal, "portal-home", "/partner/"),
        (portal, "portal-referral", f"/partner/referrals/{sent.uid}/"),
    )
    problems: list[str] = []
    for code in LANGUAGES:
        for each in (volunteer, portal):
            each.goto("/inbox/" if each is volunteer else "/partner/")
            _choose_language(each, code)
        for width in WIDTHS:
            for each, name, url in screens:
                each.set_viewport_size({"width": width, "height": 900})
                each.goto(url)
                where = f"{name} {code} {width}px"
                assert each.locator("html").get_attribute("lang") == code, where
                if (overflow := _overflow(each)) > 0:
                    problems.append(f"{where}: scrolls sideways by {overflow}px")
                problems += [f"{where}: {v}" for v in axe_violations(each, width)]
                problems += [f"{where}: {m}" for m in missing_glyphs(each)]
                screenshot(each, f"referral-{name}-{code}-{width}")
    assert problems == []
