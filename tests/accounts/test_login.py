"""Staff login over HTTP: password and TOTP, one message for all failures, per-account throttle."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from rightsdesk.accounts.models import LoginThrottle, StaffSession
from rightsdesk.audit.models import AuditEntry
from tests.factories import StaffAccount

LOGIN = reverse("accounts:login")
HOME = reverse("cases:home")
GENERIC = "That did not work"


def post_login(client: Client, username: str, password: str, otp: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password, "otp": otp})


def test_home_needs_login_and_login_opens_it(client: Client, handler: StaffAccount) -> None:
    denied = client.get(HOME)
    assert denied.status_code == 302
    assert denied["Location"] == LOGIN

    response = post_login(client, "hana", handler.password, handler.otp())
    assert response.status_code == 302
    assert response["Location"] == HOME
    allowed = client.get(HOME)
    assert allowed.status_code == 200
    assert b"Signed in as hana" in allowed.content
    assert AuditEntry.objects.filter(action="auth.login", target_id=str(handler.user.pk)).exists()


@pytest.mark.parametrize("mistake", ["password", "otp", "user"])
def test_every_failure_gets_the_same_message(
    client: Client, handler: StaffAccount, mistake: str
) -> None:
    username = "nobody" if mistake == "user" else "hana"
    password = "wrong password entirely" if mistake == "password" else handler.password
    otp = handler.otp(offset_steps=20) if mistake == "otp" else handler.otp()
    response = post_login(client, username, password, otp)
    assert response.status_code == 400
    assert GENERIC in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_throttle_blocks_after_free_failures_even_with_the_right_password(
    client: Client, handler: StaffAccount, settings: Settings
) -> None:
    for _ in range(settings.LOGIN_FREE_FAILURES):
        post_login(client, "hana", "wrong password entirely", handler.otp())
    blocked = post_login(client, "hana", handler.password, handler.otp())
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.content.decode()
    assert client.get(HOME).status_code == 302


def test_unknown_names_are_throttled_like_real_ones(
    client: Client, settings: Settings, db: None
) -> None:
    for _ in range(settings.LOGIN_FREE_FAILURES):
        post_login(client, "ghost", "wrong password entirely", "123456")
    response = post_login(client, "ghost", "wrong password entirely", "123456")
    assert response.status_code == 429


def test_throttle_stores_no_client_address_or_name(client: Client, handler: StaffAccount) -> None:
    client.post(
        LOGIN,
        {"username": "hana", "password": "nope nope nope", "otp": "000000"},
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="CanaryBrowser/9.9",
    )
    row = LoginThrottle.objects.get()
    assert row.failures == 1
    assert "hana" not in row.account_digest
    dumped = repr(list(LoginThrottle.objects.values())) + repr(list(AuditEntry.objects.values()))
    assert "203.0.113.77" not in dumped
    assert "CanaryBrowser" not in dumped


def test_success_resets_the_throttle(client: Client, handler: StaffAccount) -> None:
    post_login(client, "hana", "wrong password entirely", handler.otp())
    assert LoginThrottle.objects.count() == 1
    post_login(client, "hana", handler.password, handler.otp())
    assert LoginThrottle.objects.count() == 0


def test_malformed_form_is_a_clear_400(client: Client, db: None) -> None:
    response = client.post(LOGIN, {"username": "x" * 1000, "otp": "1"})
    assert response.status_code == 400
    assert b"This field is required" in response.content


def test_logout_ends_the_session_row(client: Client, handler: StaffAccount) -> None:
    post_login(client, "hana", handler.password, handler.otp())
    assert StaffSession.objects.count() == 1
    client.post(reverse("accounts:logout"))
    assert client.get(HOME).status_code == 302
    assert StaffSession.objects.count() == 0


def test_inactive_user_cannot_log_in(client: Client, handler: StaffAccount) -> None:
    handler.user.is_active = False
    handler.user.save()
    response = post_login(client, "hana", handler.password, handler.otp())
    assert response.status_code == 400


def test_a_code_cannot_be_replayed(client: Client, handler: StaffAccount) -> None:
    code = handler.otp()
    assert post_login(client, "hana", handler.password, code).status_code == 302
    client.post(reverse("accounts:logout"))
    assert post_login(client, "hana", handler.password, code).status_code == 400
