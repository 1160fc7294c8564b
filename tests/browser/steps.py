"""Steps the browser tests share (a module of helpers, not of tests)."""

from __future__ import annotations

from typing import Any

from tests.factories import StaffAccount


def sign_in(page: Any, account: StaffAccount, password: str, step: int = 0) -> None:
    page.goto("/staff/login/")
    page.get_by_label("Username").fill(account.user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Code from your authenticator app").fill(account.otp(step))
    page.get_by_role("button", name="Sign in").click()
