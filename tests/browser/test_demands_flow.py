"""The demand register in a real browser, JavaScript off: a demand walked from receipt to a
decision to comply with the user notified first (two reviewers approving), at 360 and 1280
pixels (no horizontal overflow, no axe-core violation, nothing from another origin)."""

from __future__ import annotations

from typing import Any

import pytest

from rightsdesk.demands.models import Demand
from rightsdesk.demands.vocabulary import ReviewItem
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, demand_permission, staff_account


@pytest.fixture
def two(transactional_db: None) -> tuple[StaffAccount, StaffAccount]:
    one, other = staff_account(username="nadia"), staff_account(username="yusuf")
    demand_permission(one)
    demand_permission(other)
    return one, other


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _move(page: Any, to: str) -> None:
    page.get_by_label("Move to").select_option(to)
    page.get_by_role("button", name="Move", exact=True).click()
    assert "Moved." in page.content()


def _check_width(page: Any, width: int, name: str, problems: list[str]) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    if (overflow := _overflow(page)) > 0:
        problems.append(f"{name} {width}px: overflows by {overflow}px")
    problems += [f"{name} {width}px: {v}" for v in axe_violations(page, width)]
    screenshot(page, f"demands-{name}-{width}")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_demand_from_receipt_to_decision_with_the_user_notified(
    page: Any, live_server: Any, two: tuple[StaffAccount, StaffAccount], width: int
) -> None:
    nadia, yusuf = two
    page.set_default_timeout(30000)
    page.set_viewport_size({"width": width, "height": 900})
    problems: list[str] = []
    sign_in(page, nadia, nadia.password)
    page.get_by_role("link", name="Demands").click()
    page.get_by_label("Who asks").select_option("police")
    page.get_by_label("Requester's name (sealed)").fill("Invented cyber police")
    page.get_by_label("Requester's country").select_option("FR")
    page.get_by_label("Instrument", exact=True).select_option("criminal_subpoena")
    page.get_by_label("Channel", exact=True).select_option("email")
    page.get_by_label("Received on").fill("2026-11-20")
    page.get_by_label("User data: non-content (who, when, from where)").check()
    page.get_by_label("Laws cited (sealed)").fill("Code de procédure pénale, art. 60-1")
    page.get_by_label("Accounts concerned, one a line (sealed)").fill("SomeVolunteer")
    page.get_by_role("button", name="Register the demand").click()
    assert "Demand registered." in page.content()
    demand = Demand.objects.get()
    _check_width(page, width, "demand-received", problems)

    # Skipping a step is refused with the rule's message, and nothing moves.
    _move(page, "authenticated")
    _move(page, "legal_review")
    for item in ReviewItem.values:
        page.get_by_label("Item", exact=True).select_option(item)
        page.get_by_label("Verdict").select_option("met")
        page.get_by_label("Reviewer's note (sealed)").fill(f"Checked: {item}.")
        page.get_by_role("button", name="Record the item").click()
        assert "Review item recorded." in page.content()
    _move(page, "notification")

    # Notify the user first; the default message points to the legal-support list.
    message = page.get_by_label("Message to the user (sealed)").input_value()
    assert "/support/" in message
    page.get_by_label("Notify the user before any disclosure").check()
    page.get_by_role("button", name="Record the notification decision").click()
    assert "Notification decision recorded." in page.content()
    page.get_by_label("Account holders notified").fill("1")
    page.get_by_role("button", name="The user was notified").click()
    assert "the user was notified" in page.content()

    page.get_by_label("I approve").select_option("comply")
    page.get_by_role("button", name="Approve").click()
    assert "Approval recorded." in page.content()
    page.locator("#decide_decision").select_option("comply")
    page.get_by_role("button", name="Decide").click()
    assert "two different reviewers" in page.content()
    assert Demand.objects.get().state == "notification"
    page.get_by_role("button", name="Log out").click()

    sign_in(page, yusuf, yusuf.password)
    page.goto(f"/staff/demands/{demand.uid}/")
    page.get_by_label("I approve").select_option("comply")
    page.get_by_role("button", name="Approve").click()
    page.locator("#decide_decision").select_option("comply")
    page.get_by_label("Reasons (sealed)").fill("A lawful, narrow order; the user was told.")
    page.get_by_role("button", name="Decide").click()
    assert "Decision recorded." in page.content()
    _move(page, "action_taken")
    current = Demand.objects.get()
    assert (current.state, current.decision) == ("action_taken", "comply")
    assert current.user_notified_at is not None
    assert current.accounts_notified == 1
    _check_width(page, width, "demand-decided", problems)
    page.goto("/staff/demands/")
    _check_width(page, width, "demands-list", problems)
    assert all(url.startswith(live_server.url) for url in page.requested)
    assert problems == []
