"""Triage a case, answer from a template and refer it out of mandate; an admin keeps the rota and
edits a playbook in Arabic. JavaScript off, axe-clean, in a real browser."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, Message, OnCallShift, PlaybookRevision, TriageStep
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, staff_account
from tests.reporting import file_report


@pytest.fixture
def handler_account(transactional_db: None) -> StaffAccount:
    return staff_account(username="noor")


@pytest.fixture
def admin_account(transactional_db: None) -> StaffAccount:
    return staff_account(username="chief", role=User.Role.ADMIN)


def test_triage_template_and_out_of_mandate(
    page: Any, live_server: Any, handler_account: StaffAccount, client: Any
) -> None:
    file_report(client, narrative="A company keeps e-mailing me about my edits.")
    case = Case.objects.get()
    sign_in(page, handler_account, handler_account.password)
    page.get_by_role("link", name=case.number).first.click()

    page.get_by_label("Defamation or attack on reputation").check()
    page.get_by_label("A person written about").check()
    page.get_by_role("button", name="Save classification").click()
    assert "Classification saved." in page.content()

    page.get_by_label("Vetting outcome").select_option("verified")
    page.get_by_role("button", name="Record vetting").click()
    assert TriageStep.objects.filter(case=case, kind="vetting", outcome="verified").exists()

    page.get_by_label("Start from a template").select_option("initial")
    page.get_by_role("button", name="Use this template").click()
    assert case.number in page.get_by_label("Reply to the reporter").input_value()
    case_violations = axe_violations(page)
    screenshot(page, "triage")

    referral = page.locator("textarea[name=referral]")
    assert "[[" in referral.input_value()  # the shipped text marks what must be written
    referral.fill("We can only help with threats linked to your contributions. Please contact ")
    page.get_by_role("button", name="Out of mandate: send the referral").click()
    # Irreversible: a second page says what will happen, and only its button acts.
    page.get_by_role("button", name="Yes, send the referral").click()
    assert Case.objects.get().status == "out_of_mandate"
    assert Message.objects.filter(case=case, direction="team").count() == 1
    assert case_violations == []


def test_admin_keeps_the_rota_and_edits_a_playbook_in_arabic(
    page: Any, live_server: Any, admin_account: StaffAccount, handler_account: StaffAccount
) -> None:
    sign_in(page, admin_account, admin_account.password)
    page.get_by_role("link", name="Rota").click()
    start = timezone.now() + timedelta(hours=1)
    page.get_by_label("Person").select_option("noor")
    page.get_by_label("Role").select_option("on_call")
    page.get_by_label("From").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Until").fill((start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone of these times").fill("UTC")
    page.get_by_role("button", name="Add the shift").click()
    assert OnCallShift.objects.filter(user=handler_account.user).count() == 1
    rota_violations = axe_violations(page)
    screenshot(page, "rota")

    page.get_by_role("link", name="Playbooks").click()
    playbooks_violations = axe_violations(page)
    page.goto(f"{live_server.url}/staff/playbooks/doxxing/ar/")
    assert 'dir="rtl"' in page.content()
    edit_violations = axe_violations(page)
    screenshot(page, "playbook-ar")
    page.get_by_role("button", name="Save", exact=True).click()
    assert PlaybookRevision.objects.filter(slug="doxxing", language="ar").count() == 1
    assert rota_violations == []
    assert playbooks_violations == []
    assert edit_violations == []
