"""`rightsdesk createuser`: creates everything or nothing."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.crypto import unlock_with_password, unlock_with_recovery

PASSWORD = "violet kettle marching 2041"


def run_createuser(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_creates_user_keys_and_totp_and_prints_secrets_once(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = run_createuser(
        monkeypatch,
        PASSWORD + "\n",
        "--username",
        "amina",
        "--role",
        "handler",
        "--password-stdin",
    )
    user = User.objects.get(username="amina")
    assert user.role == "handler"
    assert user.check_password(PASSWORD)
    uri = re.search(r"otpauth://totp/\S+", out)
    assert uri is not None
    assert "secret=" in uri.group(0)
    assert TOTPDevice.objects.get(user=user).confirmed
    code = re.search(r"Recovery code.*\n\s+(\S+)", out)
    assert code is not None
    bundle = Keyring.objects.get(user=user).bundle()
    assert bytes(unlock_with_password(bundle, PASSWORD).public_key) == bundle.public_key
    assert bytes(unlock_with_recovery(bundle, code.group(1)).public_key) == bundle.public_key
    assert AuditEntry.objects.filter(action="user.create", target_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        ("", ["--username", "amina", "--role", "handler"], "No password"),
        ("short\n", ["--username", "amina", "--role", "handler"], "too short"),
        ("password123456\n", ["--username", "amina", "--role", "handler"], "too common"),
        ("12345678901234\n", ["--username", "amina", "--role", "handler"], "numeric"),
        (PASSWORD + "\n", ["--username", "bad name!", "--role", "handler"], "username"),
    ],
)
def test_bad_input_exits_nonzero_and_creates_nothing(
    db: None, monkeypatch: pytest.MonkeyPatch, stdin: str, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run_createuser(monkeypatch, stdin, *args, "--password-stdin")
    assert not User.objects.exists()
    assert not Keyring.objects.exists()
    assert not TOTPDevice.objects.exists()
    assert not AuditEntry.objects.exists()


def test_existing_username_is_refused_case_insensitively(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_createuser(
        monkeypatch, PASSWORD + "\n", "--username", "amina", "--role", "handler", "--password-stdin"
    )
    with pytest.raises(CommandError, match="already exists"):
        run_createuser(
            monkeypatch,
            PASSWORD + "\n",
            "--username",
            "AMINA",
            "--role",
            "admin",
            "--password-stdin",
        )
    assert User.objects.count() == 1
    assert Keyring.objects.count() == 1


def test_unknown_role_is_refused(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="role"):
        run_createuser(
            monkeypatch,
            PASSWORD + "\n",
            "--username",
            "amina",
            "--role",
            "king",
            "--password-stdin",
        )
    assert not User.objects.exists()
