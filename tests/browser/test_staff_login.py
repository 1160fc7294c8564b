"""A handler signs in with password and code, changes the password, signs out and in again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.browser.steps import sign_in
from tests.factories import StaffAccount, staff_account

NEW_PASSWORD = "a brand new passphrase 5521"


@pytest.fixture
def account(transactional_db: None) -> StaffAccount:
    return staff_account(username="lina")


def test_sign_in_change_password_sign_out(
    page: Any, live_server: Any, account: StaffAccount
) -> None:
    page.goto("/staff/")
    assert page.url.endswith("/staff/login/")  # the gate sends an anonymous visitor to sign in

    sign_in(page, account, "not the password at all")
    assert "That did not work" in page.content()

    sign_in(page, account, account.password, step=1)
    assert "Signed in as lina" in page.content()
    screenshot(page, "staff-home")

    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Current password").fill(account.password)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password, again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert "Your password was changed." in page.content()

    page.get_by_role("button", name="Log out").click()
    assert page.url.endswith("/staff/login/")
    page.goto("/staff/")
    assert page.url.endswith("/staff/login/")

    # The code spent above cannot be replayed; the next one is accepted.
    sign_in(page, account, NEW_PASSWORD, step=1)
    assert "Signed in as lina" in page.content()

    foreign = [url for url in page.requested if not url.startswith(live_server.url)]
    assert foreign == []


def test_public_home_right_to_left(page: Any, live_server: Any, transactional_db: None) -> None:
    page.goto("/")
    page.select_option("#language", "ar")
    page.get_by_role("button").last.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    path = screenshot(page, "home-ar")
    assert path.stat().st_size > 1000
