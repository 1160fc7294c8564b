"""The optional escrow key: off by default, validated at startup, usable as a wrap recipient."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from nacl.public import PrivateKey
from pytest_django.fixtures import Settings

from rightsdesk.core.escrow import escrow_public_key, new_escrow_keypair, parse_public_key
from rightsdesk.crypto import new_report_keypair, unwrap_report_key, wrap_report_key


def test_escrow_is_off_by_default(settings: Settings) -> None:
    assert escrow_public_key() is None


def test_generated_pair_recovers_a_report_key(settings: Settings) -> None:
    public, private = new_escrow_keypair()
    settings.ESCROW_PUBLIC_KEY = public
    recipient = escrow_public_key()
    assert recipient is not None
    report = new_report_keypair()
    wrap = wrap_report_key(report, recipient)
    offline = PrivateKey(base64.b64decode(private))
    recovered = unwrap_report_key(wrap, bytes(report.public_key), offline)
    assert bytes(recovered) == bytes(report)


@pytest.mark.parametrize("value", ["not base64!", "AAAA"])
def test_bad_escrow_key_is_refused(settings: Settings, value: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_public_key(value)
    settings.ESCROW_PUBLIC_KEY = value
    assert any(m.id == "rightsdesk.E001" for m in run_checks(tags=["security"]))


def test_keygen_command_prints_the_setting() -> None:
    out = io.StringIO()
    call_command("escrow", "keygen", stdout=out)
    line = out.getvalue().splitlines()[0]
    assert line.startswith("RIGHTSDESK_ESCROW_PUBLIC_KEY=")
    parse_public_key(line.split("=", 1)[1])


def test_deploy_checks_refuse_demo_and_plain_http(settings: Settings) -> None:
    settings.DEMO_MODE = True
    settings.HTTPS = False
    ids = {m.id for m in run_checks(tags=["security"], include_deployment_checks=True)}
    assert {"rightsdesk.E002", "rightsdesk.E003"} <= ids
