"""A throttled account's owner gets in with a mailed sign-in link; an attacker gets nothing more.

The attacker knows the username and fails five times (the account is throttled); the real person
asks for a link, which goes to the address on the account, and signs in with it using their
password and TOTP code. Through the link, wrong passwords and codes are refused, spend the
link's few attempts and keep the ordinary throttle growing.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from rightsdesk.accounts.models import LoginThrottle, LoginUnlock
from rightsdesk.audit.models import AuditEntry
from tests.factories import StaffAccount

LOGIN = reverse("accounts:login")
LINK_REQUEST = (
    "/staff/login/link/"  # literal paths: on code without links, a 404, not an import error
)
HOME = reverse("cases:home")
WRONG = "wrong password entirely"


@pytest.fixture
def hana(handler: StaffAccount) -> StaffAccount:
    handler.user.email = "hana@example.org"
    handler.user.save(update_fields=["email"])
    return handler


def attacker_locks_out(account: StaffAccount, settings: Settings) -> None:
    attacker = Client()
    for _ in range(settings.LOGIN_FREE_FAILURES):
        attacker.post(LOGIN, {"username": "hana", "password": WRONG, "otp": "123456"})
    blocked = Client().post(
        LOGIN, {"username": "hana", "password": account.password, "otp": account.otp()}
    )
    assert blocked.status_code == 429
    assert LINK_REQUEST in blocked.content.decode()


def ask_for_link(client: Client, captured: DjangoCaptureOnCommitCallbacks) -> Any:
    with captured(execute=True):
        response = client.post(LINK_REQUEST, {"username": "hana"})
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    return response


def link_in_mail() -> str:
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hana@example.org"]
    found = re.search(r"https?://\S+/staff/login/link/(\S+)/", str(mail.outbox[0].body))
    assert found
    return f"{LINK_REQUEST}{found.group(1)}/"


def test_the_attackers_failures_do_not_keep_the_real_person_out(
    hana: StaffAccount, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    attacker_locks_out(hana, settings)
    person = Client()
    ask_for_link(person, django_capture_on_commit_callbacks)
    link = link_in_mail()
    assert person.get(link).status_code == 200  # opening the link spends nothing
    response = person.post(link, {"password": hana.password, "otp": hana.otp()})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert b"Signed in as hana" in person.get(HOME).content
    assert not LoginThrottle.objects.exists()  # the real person's success lifts the throttle
    assert not LoginUnlock.objects.exists()  # the link is spent
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "auth.login_link_sent" in actions
    assert "auth.login_link" in actions


def test_the_link_is_no_way_to_guess(
    hana: StaffAccount, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    attacker_locks_out(hana, settings)
    ask_for_link(Client(), django_capture_on_commit_callbacks)
    link = link_in_mail()
    failures_before = LoginThrottle.objects.get().failures
    guesser = Client()
    guesses = [
        {"password": WRONG, "otp": hana.otp()},
        {"password": hana.password, "otp": hana.otp(offset_steps=20)},  # right password, old code
        {"password": WRONG + "2", "otp": "000000"},
    ]
    for guess in guesses:
        response = guesser.post(link, guess)
        assert response.status_code == 400
        assert "That did not work" in response.content.decode()
    # Spent after LOGIN_LINK_ATTEMPTS: even the right password and code no longer open it.
    assert len(guesses) == settings.LOGIN_LINK_ATTEMPTS
    late = guesser.post(link, {"password": hana.password, "otp": hana.otp()})
    assert late.status_code == 400
    assert guesser.get(HOME).status_code == 302
    # Every wrong attempt also counted against the ordinary throttle, which still holds.
    assert LoginThrottle.objects.get().failures == failures_before + len(guesses)
    blocked = Client().post(
        LOGIN, {"username": "hana", "password": hana.password, "otp": hana.otp()}
    )
    assert blocked.status_code == 429
    failed = AuditEntry.objects.filter(action="auth.login_link_failed")
    assert failed.count() == len(guesses)
    assert set(failed.values_list("target_id", flat=True)) == {str(hana.user.pk)}


def test_asking_again_neither_floods_the_mailbox_nor_replaces_the_link(
    hana: StaffAccount, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    attacker_locks_out(hana, settings)
    ask_for_link(Client(), django_capture_on_commit_callbacks)
    link = link_in_mail()
    for _ in range(5):  # the attacker asks too
        ask_for_link(Client(), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    person = Client()
    assert person.post(link, {"password": hana.password, "otp": hana.otp()}).status_code == 302


def test_an_expired_link_is_refused(
    hana: StaffAccount, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    attacker_locks_out(hana, settings)
    ask_for_link(Client(), django_capture_on_commit_callbacks)
    link = link_in_mail()
    LoginUnlock.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().post(link, {"password": hana.password, "otp": hana.otp()})
    assert response.status_code == 400


@pytest.mark.parametrize("case", ["unknown", "no_address", "not_throttled"])
def test_the_answer_never_tells_and_nothing_is_sent(
    handler: StaffAccount,
    settings: Settings,
    django_capture_on_commit_callbacks: Any,
    case: str,
) -> None:
    username = "ghost" if case == "unknown" else "hana"
    if case != "not_throttled":
        for _ in range(settings.LOGIN_FREE_FAILURES):
            Client().post(LOGIN, {"username": username, "password": WRONG, "otp": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(LINK_REQUEST, {"username": username})
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []
    assert not LoginUnlock.objects.exists()


def test_only_a_digest_of_the_token_is_stored(
    hana: StaffAccount, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    attacker_locks_out(hana, settings)
    ask_for_link(Client(), django_capture_on_commit_callbacks)
    token = link_in_mail().rstrip("/").rsplit("/", 1)[1]
    assert token not in repr(list(LoginUnlock.objects.values()))
    assert token not in repr(list(AuditEntry.objects.values()))


def test_a_made_up_link_is_refused(hana: StaffAccount) -> None:
    link = f"{LINK_REQUEST}{'A' * 43}/"
    response = Client().post(link, {"password": hana.password, "otp": hana.otp()})
    assert response.status_code == 400
