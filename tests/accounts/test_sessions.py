"""The session table holds digests and sealed keys: a copy of it unlocks nothing."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.models import StaffSession
from rightsdesk.accounts.sessions import VAULT, SessionStore
from tests.factories import StaffAccount


def login(client: Client, account: StaffAccount) -> str:
    client.post(
        reverse("accounts:login"),
        {"username": account.user.username, "password": account.password, "otp": account.otp()},
    )
    return client.cookies["rd_staff"].value


def test_table_stores_a_digest_not_the_session_key(client: Client, handler: StaffAccount) -> None:
    cookie = login(client, handler)
    row = StaffSession.objects.get()
    assert row.session_key != cookie
    assert cookie not in row.session_key
    assert len(row.session_key) == 64


def test_stolen_row_key_does_not_open_a_session(client: Client, handler: StaffAccount) -> None:
    login(client, handler)
    stolen = StaffSession.objects.get().session_key
    intruder = Client()
    intruder.cookies["rd_staff"] = stolen
    assert intruder.get(reverse("cases:home")).status_code == 302


def test_vault_opens_only_with_the_cookie_key(client: Client, handler: StaffAccount) -> None:
    cookie = login(client, handler)
    owner = SessionStore(session_key=cookie)
    key = owner.private_key()
    assert key is not None
    assert bytes(key.public_key) == bytes(handler.user.keyring.public_key)
    # Someone with the row but not the cookie: the data decodes, the vault does not open.
    row = StaffSession.objects.get()
    data = SessionStore().decode(row.session_data)
    assert VAULT in data
    impostor = SessionStore(session_key=row.session_key)
    impostor._session_cache = data  # type: ignore[attr-defined]  # plant the stolen row
    assert impostor.private_key() is None


def test_key_rotation_keeps_the_vault(client: Client, handler: StaffAccount) -> None:
    cookie = login(client, handler)
    store = SessionStore(session_key=cookie)
    before = store.private_key()
    store.cycle_key()
    store.save()
    assert store.session_key != cookie
    after = SessionStore(session_key=store.session_key).private_key()
    assert before is not None
    assert after is not None
    assert bytes(after) == bytes(before)
    assert not StaffSession.objects.filter(session_key=cookie).exists()


def test_a_session_without_a_working_vault_is_ended(client: Client, handler: StaffAccount) -> None:
    cookie = login(client, handler)
    store = SessionStore(session_key=cookie)
    store[VAULT] = "AAAA"
    store.save()
    response = client.get(reverse("cases:home"))
    assert response.status_code == 302
    assert (
        not StaffSession.objects.exists() or SessionStore(session_key=cookie).private_key() is None
    )


def test_idle_session_expires(client: Client, handler: StaffAccount) -> None:
    login(client, handler)
    assert client.get(reverse("cases:home")).status_code == 200
    StaffSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("cases:home")).status_code == 302
