"""The staff workspace in a real browser, JavaScript off: the dashboard and a busy case page at
360 and 1280 pixels in English, Arabic and Burmese (no horizontal overflow of the page, no
axe-core violation), and the handler's routine on the case page, each action landing where it
was done (its #fragment)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.crisis.services import crisis_open, decision_log, step_done
from rightsdesk.cases.models import Case, Crisis
from rightsdesk.cases.services import message_post, note_add
from rightsdesk.cases.triage.services import vetting_record
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.glyphs import missing_glyphs
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, demand_made, demand_permission, staff_account
from tests.reporting import file_report

WIDTHS = (360, 1280)
LANGUAGES = ("en", "ar", "my")


@pytest.fixture
def account(transactional_db: None) -> StaffAccount:
    return staff_account(username="rana")


def _busy_case(client: Any, account: StaffAccount) -> Case:
    """A P1 case with messages both ways, notes, a vetting step, an open crisis with a step done
    and a decision: everything the timeline shows."""
    file_report(
        client,
        narrative="Police came to my flat after I edited the article on the protests. "
        "They took my laptop and asked for my password.",
        emergency="yes",
        threat_types=["arrest", "doxxing"],
    )
    case = Case.objects.get()
    message_post(
        case=case, body="Are you safe right now? Can you reach a lawyer?", author=account.user
    )
    message_post(case=case, body="I am at my sister's. No lawyer yet.", author=None)
    note_add(
        case=case, author=account.user, body="Legal aid contact informed, waiting for a call back."
    )
    vetting_record(case=case, outcome="verified", note="Matches press reports.", actor=account.user)
    if not Crisis.objects.filter(case=case).exists():
        crisis_open(case=case, now=timezone.now(), actor="system:test")
    crisis = Crisis.objects.get(case=case)
    first = crisis.steps.first()
    assert first is not None
    step_done(crisis=crisis, step_id=first.step_id, actor=account.user)
    decision_log(
        crisis=crisis, author=account.user, text="No public statement until the lawyer agrees."
    )
    return Case.objects.get(pk=case.pk)


def _choose_language(page: Any, code: str) -> None:
    page.select_option("#language", code)
    page.locator("form.language button").click()
    page.wait_for_load_state("load")


def _page_overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling). Read
    through the DevTools protocol's evaluation, which works with the page's JavaScript off."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _too_wide(page: Any) -> list[str]:
    """The innermost elements sticking out of the window, to name in the failure."""
    return list(
        page.evaluate(
            """() => { const w = document.documentElement.clientWidth; return [...document
            .querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect();
            return (r.right > w + 1 || r.left < -1) && ![...e.children].some(c => {
            const q = c.getBoundingClientRect(); return q.right > w + 1 || q.left < -1; }); })
            .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
            + Math.round(e.getBoundingClientRect().width)); }"""
        )
    )


@pytest.mark.screens
def test_dashboard_and_case_page_at_two_widths_in_three_languages(
    page: Any, live_server: Any, account: StaffAccount, client: Any
) -> None:
    case = _busy_case(client, account)
    demand_permission(account)
    demand_made(User.objects.get(pk=account.user.pk), country="FR")
    sign_in(page, account, account.password)
    problems: list[str] = []
    for code in LANGUAGES:
        _choose_language(page, code)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in (
                ("dashboard", "/staff/"),
                ("case", f"/staff/cases/{case.number}/"),
                ("demands", "/staff/demands/"),
            ):
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == code
                overflow = _page_overflow(page)
                if overflow > 0:
                    problems.append(
                        f"{name} {code} {width}px: page overflows by {overflow}px: "
                        f"{_too_wide(page)}"
                    )
                for violation in axe_violations(page):
                    problems.append(f"{name} {code} {width}px: {violation}")
                for missing in missing_glyphs(page):
                    problems.append(f"{name} {code} {width}px: {missing}")
                screenshot(page, f"staff-{name}-{code}-{width}")
    assert problems == []


def test_the_handler_routine_lands_where_each_action_was_done(
    page: Any, live_server: Any, account: StaffAccount, client: Any
) -> None:
    case = _busy_case(client, account)
    second = staff_account(username="samir")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, account, account.password)
    page.goto(f"/staff/cases/{case.number}/")

    def lands(anchor: str) -> None:
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/staff/cases/{case.number}/#{anchor}"), page.url

    page.get_by_label("Reply to the reporter").fill("A lawyer will call you within the hour.")
    page.get_by_role("button", name="Send reply").click()
    lands("reply")
    assert "A lawyer will call you within the hour." in page.content()

    page.get_by_label("Internal note (never shown to the reporter)").fill("Lawyer: M. Haddad.")
    page.get_by_role("button", name="Add note").click()
    lands("note")

    page.get_by_label("Vetting outcome").select_option("verified")
    page.get_by_role("button", name="Record vetting").click()
    lands("vetting")

    page.get_by_label("Give access to").select_option(second.user.username)
    page.get_by_role("button", name="Give access").click()
    lands("access")
    assert Case.objects.get().wraps.filter(user=second.user).exists()

    page.get_by_label("Status", exact=True).select_option("closed")
    # An unacknowledged P1 closes only with a reason (the service's rule).
    page.get_by_label("Reason (needed to close an unacknowledged P1)").fill("Lawyer engaged.")
    page.get_by_role("button", name="Set status").click()
    assert "Nothing has happened yet" in page.content()
    assert Case.objects.get().status != "closed"
    assert axe_violations(page) == []
    screenshot(page, "staff-confirm-close")
    page.get_by_role("button", name="Yes, set the status").click()
    lands("status")
    assert Case.objects.get().status == "closed"
