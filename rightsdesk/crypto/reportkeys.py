"""Per-report key pairs, and wrapping a report's private key to each person allowed to read it.

Content is sealed to the report's public key, so anyone may add to a report without being able to
read it. The report's private key is sealed (:mod:`.sealing`) to each granted user's public key,
to the receipt key of the reporter, and to the organisation's escrow key if one is configured: the
escrow key is an ordinary recipient here; what makes it special is only that its private half is
kept offline. Revoking access means deleting that recipient's wrap (and, for content added after
revocation to stay out of reach of someone who copied the report key, re-keying the report).

Each wrap's associated data is ``b"rightsdesk-reportkey-v1" || report public key || recipient
public key``. Threat: someone who can write the wrap table copies a wrap made for report A onto
report B's row, or reassigns a wrap to another recipient; both fail to open.
"""

from __future__ import annotations

from collections.abc import Iterable

from nacl.public import PrivateKey, PublicKey

from ._util import Buffer, as_bytes
from .errors import DecryptionError, MalformedCiphertext
from .sealing import open_sealed, seal

__all__ = ["new_report_keypair", "rewrap_for", "unwrap_report_key", "wrap_report_key"]

_AAD_PREFIX = b"rightsdesk-reportkey-v1"
_KEY = 32


def _aad(report_public_key: bytes, recipient_public_key: bytes) -> bytes:
    # Both keys have a fixed length, so plain concatenation is unambiguous.
    return _AAD_PREFIX + report_public_key + recipient_public_key


def new_report_keypair() -> PrivateKey:
    """A fresh key pair for one report. Store only its public half in clear."""
    return PrivateKey.generate()


def wrap_report_key(report_key: PrivateKey, recipient: PublicKey) -> bytes:
    """Seal ``report_key`` to ``recipient``, bound to this (report, recipient) pair.

    The caller must have checked that ``recipient`` is allowed to read the report and that the key
    came from that user's row (or the configured escrow key), not from the request.
    """
    if not isinstance(report_key, PrivateKey):
        raise TypeError("report_key must be a nacl.public.PrivateKey")
    if not isinstance(recipient, PublicKey):
        raise TypeError("recipient must be a nacl.public.PublicKey")
    aad = _aad(report_key.public_key.encode(), recipient.encode())
    return seal(report_key.encode(), recipient, aad)


def unwrap_report_key(
    wrapped: Buffer, report_public_key: Buffer, recipient_key: PrivateKey
) -> PrivateKey:
    """Open a wrap made by :func:`wrap_report_key` for ``recipient_key``'s public half.

    ``report_public_key`` comes from the report row being opened; the unwrapped key must derive it,
    so a key for another report is never returned. Raises :class:`DecryptionError` otherwise.
    """
    if not isinstance(recipient_key, PrivateKey):
        raise TypeError("recipient_key must be a nacl.public.PrivateKey")
    report_pk = as_bytes(report_public_key)
    if len(report_pk) != _KEY:
        raise MalformedCiphertext("report public key has the wrong length")
    aad = _aad(report_pk, recipient_key.public_key.encode())
    raw = open_sealed(wrapped, recipient_key, aad)
    if len(raw) != _KEY:
        raise MalformedCiphertext("wrapped report key has the wrong length")
    report_key = PrivateKey(raw)
    if report_key.public_key.encode() != report_pk:
        raise DecryptionError("unwrapped key does not belong to this report")
    return report_key


def rewrap_for(report_key: PrivateKey, recipients: Iterable[PublicKey]) -> dict[bytes, bytes]:
    """Wrap ``report_key`` to each recipient: {recipient public key bytes: wrap}.

    Duplicate recipients collapse to one entry. Used when granting access; the caller must first
    have unwrapped ``report_key`` with its own grant (possession is the authorisation check here).
    """
    return {recipient.encode(): wrap_report_key(report_key, recipient) for recipient in recipients}
