from __future__ import annotations

import pytest
from nacl.public import PrivateKey

from rightsdesk.crypto import (
    DecryptionError,
    new_report_keypair,
    open_sealed,
    rewrap_for,
    seal,
    unwrap_report_key,
    wrap_report_key,
)

from . import flip_bit


def test_wrap_unwrap_for_several_recipients() -> None:
    report = new_report_keypair()
    report_pk = report.public_key.encode()
    recipients = [PrivateKey.generate() for _ in range(4)]
    for recipient in recipients:
        wrap = wrap_report_key(report, recipient.public_key)
        assert unwrap_report_key(wrap, report_pk, recipient).encode() == report.encode()


def test_wrong_recipient_rejected() -> None:
    report = new_report_keypair()
    alice, bob = PrivateKey.generate(), PrivateKey.generate()
    wrap = wrap_report_key(report, alice.public_key)
    with pytest.raises(DecryptionError):
        unwrap_report_key(wrap, report.public_key.encode(), bob)


def test_wrap_moved_to_another_report_rejected() -> None:
    report_a, report_b = new_report_keypair(), new_report_keypair()
    alice = PrivateKey.generate()
    wrap_a = wrap_report_key(report_a, alice.public_key)
    with pytest.raises(DecryptionError):
        unwrap_report_key(wrap_a, report_b.public_key.encode(), alice)


def test_tampered_wrap_rejected() -> None:
    report, alice = new_report_keypair(), PrivateKey.generate()
    wrap = wrap_report_key(report, alice.public_key)
    for bit in range(0, len(wrap) * 8, 7):
        with pytest.raises(DecryptionError):
            unwrap_report_key(flip_bit(wrap, bit), report.public_key.encode(), alice)


def test_rewrap_for() -> None:
    report = new_report_keypair()
    recipients = [PrivateKey.generate() for _ in range(3)]
    escrow = PrivateKey.generate()
    wraps = rewrap_for(report, [r.public_key for r in recipients] + [escrow.public_key])
    assert set(wraps) == {r.public_key.encode() for r in [*recipients, escrow]}
    for recipient in [*recipients, escrow]:
        wrap = wraps[recipient.public_key.encode()]
        unwrapped = unwrap_report_key(wrap, report.public_key.encode(), recipient)
        assert unwrapped.encode() == report.encode()
    # A wrap stays bound to its recipient even inside the mapping.
    first, second = recipients[0], recipients[1]
    with pytest.raises(DecryptionError):
        unwrap_report_key(wraps[first.public_key.encode()], report.public_key.encode(), second)


def test_rewrap_for_collapses_duplicates() -> None:
    report, alice = new_report_keypair(), PrivateKey.generate()
    assert len(rewrap_for(report, [alice.public_key, alice.public_key])) == 1
    assert rewrap_for(report, []) == {}


def test_report_public_key_length_checked() -> None:
    report, alice = new_report_keypair(), PrivateKey.generate()
    wrap = wrap_report_key(report, alice.public_key)
    with pytest.raises(DecryptionError):
        unwrap_report_key(wrap, report.public_key.encode()[:31], alice)


def test_wrap_format_is_pinned() -> None:
    # The associated data is part of the stored format: changing it orphans every stored wrap.
    report, alice = new_report_keypair(), PrivateKey.generate()
    wrap = wrap_report_key(report, alice.public_key)
    aad = b"rightsdesk-reportkey-v1" + report.public_key.encode() + alice.public_key.encode()
    assert open_sealed(wrap, alice, aad) == report.encode()
    other_report = new_report_keypair().public_key.encode()
    with pytest.raises(DecryptionError):
        open_sealed(
            wrap, alice, b"rightsdesk-reportkey-v1" + other_report + alice.public_key.encode()
        )


def test_substituted_key_with_valid_binding_rejected() -> None:
    # Anyone with write access and Alice's public key can seal a key of their choosing under the
    # right associated data; the unwrapped key must still be checked against the report.
    report, alice = new_report_keypair(), PrivateKey.generate()
    attacker_key = PrivateKey.generate()
    aad = b"rightsdesk-reportkey-v1" + report.public_key.encode() + alice.public_key.encode()
    forged = seal(attacker_key.encode(), alice.public_key, aad)
    with pytest.raises(DecryptionError):
        unwrap_report_key(forged, report.public_key.encode(), alice)
