"""From a demand to the public report, in a real browser, JavaScript off, at 360 and 1280 pixels:
a demand walked from receipt to a decision to comply with the user notified first (two reviewers
approving); then a handler drafts the half-year's public release, an admin approves it, and the
public page is opened and its CSV files downloaded (the demand's single "1" nowhere). No
horizontal overflow, no axe-core violation, nothing from another origin. (This replaces the two
separate flows of demands and of releases.)"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import pytest

from rightsdesk.accounts.models import User
from rightsdesk.demands.models import Demand
from rightsdesk.demands.vocabulary import ReviewItem
from rightsdesk.transparency.models import Release
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, demand_permission, staff_account
from tests.transparency.releasing import cases


@pytest.fixture
def team(transactional_db: None) -> tuple[StaffAccount, StaffAccount, StaffAccount]:
    """Two handlers of demands and an admin who may publish; threat reports of the half-year."""
    one, other = staff_account(username="nadia"), staff_account(username="yusuf")
    demand_permission(one)
    demand_permission(other)
    cases(23, country="DE", priority="P3", on=date(2026, 10, 5))
    cases(9, country="FR", priority="P2", late=True, on=date(2026, 9, 8))
    return one, other, staff_account(username="ada", role=User.Role.ADMIN)


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _move(page: Any, to: str) -> None:
    page.get_by_label("Move to").select_option(to)
    page.get_by_role("button", name="Move", exact=True).click()
    assert "Moved." in page.content()


def _download(page: Any, link: str) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    with open(info.value.path(), encoding="utf-8") as file:
        return list(csv.DictReader(io.StringIO(file.read())))


def _check_width(page: Any, width: int, name: str, problems: list[str]) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    if (overflow := _overflow(page)) > 0:
        problems.append(f"{name} {width}px: overflows by {overflow}px")
    problems += [f"{name} {width}px: {v}" for v in axe_violations(page, width)]
    screenshot(page, f"demand-to-release-{name}-{width}")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_demand_decided_with_the_user_notified_then_the_release_published(
    page: Any,
    live_server: Any,
    team: tuple[StaffAccount, StaffAccount, StaffAccount],
    width: int,
) -> None:
    nadia, yusuf, ada = team
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

    # The half-year's public report: yusuf drafts it, ada (an admin) approves it.
    page.goto("/transparency/staff/")
    page.get_by_label("Release", exact=True).select_option("public")
    page.get_by_label("Period").fill("2026-H2")
    page.get_by_role("button", name="Draft").click()
    assert "Drafted. Nothing is published until it is approved." in page.content()
    assert "the public disclosure rules" in page.content()
    slug = Release.objects.get().slug
    page.get_by_role("button", name="Log out").click()
    sign_in(page, ada, ada.password)
    page.goto(f"/transparency/staff/{slug}/")
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published." in page.content()
    page.get_by_role("link", name="The public page").click()
    html = page.content()
    assert "Transparency report 2026-H2" in html
    assert "<svg" in html
    _check_width(page, width, "release-public", problems)
    table = "Requests for user data, by instrument and information produced"
    rows = _download(page, f"Download “{table}” as CSV")
    assert rows
    assert not [r for r in rows if re.fullmatch(r"[1-4]", r["count"])]
    criminal = next(
        r for r in rows if (r["row_key"], r["column_key"]) == ("criminal_subpoena", "produced_all")
    )
    assert (criminal["count"], criminal["status"]) == ("", "fewer_than_threshold")
    wikimedia = _download(page, "CSV in the shape of the Wikimedia transparency report")
    sections = {r["section"] for r in wikimedia}
    assert {"user_data_requests", "user_accounts", "requests_by_country"} <= sections
    assert not [r for r in wikimedia if re.fullmatch(r"[1-4]", r["value"])]
    # the lone demand from France: counted in its region, never under its country
    by_country = [r for r in wikimedia if r["section"] == "requests_by_country"]
    assert "FR" not in {r["country_or_region"] for r in by_country}
    assert all(url.startswith(live_server.url) for url in page.requested)
    assert problems == []
