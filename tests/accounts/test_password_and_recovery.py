"""Password change re-wraps the key; the recovery code restores access and rotates itself."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from rightsdesk.accounts.models import Keyring
from rightsdesk.crypto import CryptoError, unlock_with_password, unlock_with_recovery
from tests.factories import StaffAccount

NEW_PASSWORD = "another fine passphrase 9902"


def login(client: Client, account: StaffAccount, password: str | None = None, step: int = 0) -> int:
    response = client.post(
        reverse("accounts:login"),
        {
            "username": account.user.username,
            "password": password or account.password,
            "otp": account.otp(step),
        },
    )
    return response.status_code


def test_password_change_rewraps_the_private_key(client: Client, handler: StaffAccount) -> None:
    assert login(client, handler) == 302
    before = Keyring.objects.get(user=handler.user).bundle()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": handler.password,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    after = Keyring.objects.get(user=handler.user).bundle()
    assert after.public_key == before.public_key
    assert after.password_wrap != before.password_wrap
    assert bytes(unlock_with_password(after, NEW_PASSWORD).public_key) == after.public_key
    try:
        unlock_with_password(after, handler.password)
    except CryptoError:
        pass
    else:
        raise AssertionError("the old password still opens the key")
    # Still signed in, vault still open after the session key rotated.
    assert client.get(reverse("cases:home")).status_code == 200


def test_password_change_with_wrong_old_password_changes_nothing(
    client: Client, handler: StaffAccount
) -> None:
    login(client, handler)
    before = Keyring.objects.get(user=handler.user).bundle()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not my password at all",
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "current password is not correct" in response.content.decode()
    assert Keyring.objects.get(user=handler.user).bundle() == before


def test_weak_new_password_is_refused_and_nothing_changes(
    client: Client, handler: StaffAccount
) -> None:
    login(client, handler)
    before = Keyring.objects.get(user=handler.user).bundle()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": handler.password, "new_password": "short", "new_password_again": "short"},
    )
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    assert Keyring.objects.get(user=handler.user).bundle() == before


def test_password_change_needs_login(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302


def test_recovery_sets_a_new_password_and_rotates_the_code(
    client: Client, handler: StaffAccount
) -> None:
    response = client.post(
        reverse("accounts:recover"),
        {
            "username": "hana",
            "recovery_code": handler.recovery_code.upper(),
            "otp": handler.otp(),
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    new_code = re.search(r"<code>([^<]+)</code>", response.content.decode())
    assert new_code is not None
    bundle = Keyring.objects.get(user=handler.user).bundle()
    assert bytes(unlock_with_recovery(bundle, new_code.group(1)).public_key) == bundle.public_key
    try:
        unlock_with_recovery(bundle, handler.recovery_code)
    except CryptoError:
        pass
    else:
        raise AssertionError("the old recovery code still works")
    assert client.get(reverse("cases:home")).status_code == 200
    fresh = Client()
    # The code spent on recovery cannot be replayed: use the next one (within tolerance).
    assert login(fresh, handler, NEW_PASSWORD, step=1) == 302


def test_wrong_recovery_code_gets_the_generic_message(
    client: Client, handler: StaffAccount
) -> None:
    before = Keyring.objects.get(user=handler.user).bundle()
    response = client.post(
        reverse("accounts:recover"),
        {
            "username": "hana",
            "recovery_code": "aaaa-bbbb-cccc-dddd-eeee-ffff-gggg",
            "otp": handler.otp(),
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "That did not work" in response.content.decode()
    assert Keyring.objects.get(user=handler.user).bundle() == before
    assert handler.user.__class__.objects.get(pk=handler.user.pk).check_password(handler.password)


def test_weak_new_password_in_recovery_keeps_the_code_usable(
    client: Client, handler: StaffAccount
) -> None:
    code = handler.otp()
    form = {
        "username": "hana",
        "recovery_code": handler.recovery_code,
        "otp": code,
        "new_password": "short",
        "new_password_again": "short",
    }
    weak = client.post(reverse("accounts:recover"), form)
    assert weak.status_code == 400
    assert "too short" in weak.content.decode()
    form |= {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert client.post(reverse("accounts:recover"), form).status_code == 200
