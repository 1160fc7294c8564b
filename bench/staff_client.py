"""Signing a handler in for a benchmark, for real: password, TOTP, key vault, session cookie.

Imported by the benchmarks in this directory after they have configured and set up Django.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts.models import User
from rightsdesk.accounts.services import user_create


def sign_in(username: str) -> tuple[User, Client]:
    password = "benchmark passphrase 2026"  # noqa: S105 - a throwaway account in a temp dir
    user = user_create(
        username=username, role="handler", password=password, actor="system:bench"
    ).user
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    client = Client()
    login = client.post(
        "/staff/login/", {"username": username, "password": password, "otp": f"{totp.token():06d}"}
    )
    assert login.status_code == 302, login.status_code
    return user, client


def timed(client: Client, path: str, form: dict[str, str] | None = None) -> float:
    """Seconds to GET `path`, or to POST `form` to it; the answer must be 200."""
    started = time.perf_counter()
    response = client.post(path, form) if form else client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed
