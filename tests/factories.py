"""Factories that go through the services, so test data is shaped like real data."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts.models import User
from rightsdesk.accounts.services import ProvisionedUser, user_create

DEFAULT_PASSWORD = "a long test passphrase 7431"
_serial = itertools.count(1)


@dataclass
class StaffAccount:
    """A created user plus the secrets a test needs to act as them."""

    user: User
    password: str
    recovery_code: str
    otpauth_uri: str

    def otp(self, offset_steps: int = 0) -> str:
        """The TOTP code for now (or `offset_steps` steps away)."""
        device = TOTPDevice.objects.get(user=self.user)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + offset_steps * device.step
        return f"{totp.token():0{device.digits}d}"


def staff_account(
    *, username: str | None = None, role: str = User.Role.HANDLER, password: str = DEFAULT_PASSWORD
) -> StaffAccount:
    name = username or f"handler{next(_serial)}"
    provisioned: ProvisionedUser = user_create(
        username=name, role=role, password=password, actor="system:test"
    )
    return StaffAccount(
        user=provisioned.user,
        password=password,
        recovery_code=provisioned.recovery_code,
        otpauth_uri=provisioned.otpauth_uri,
    )
