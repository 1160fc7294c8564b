"""Receipts: the only thing a reporter keeps, and the only way back to their report.

A receipt is 20 random decimal digits (66.4 bits), shown once and never stored. The server stores
only ``lookup``, a slow keyed hash of the receipt, to find the report; the report's private key is
wrapped to an X25519 key whose seed is a second output of the same derivation and is never stored.

Threats and answers:
- Database stolen alone: without ``server_key`` (kept on disk, outside the database) neither the
  lookup nor the wrap key can be recomputed from a guessed receipt, so nothing can be guessed.
- Database and ``server_key`` stolen: each guess costs one Argon2id run, against 10**20
  possibilities per report.
- Online guessing through the receipt form: the cost is the same Argon2id per request; rate limits
  belong to the caller.

The Argon2id salt must be the same for every receipt (a lookup cannot know the row before finding
it), so it is derived from ``server_key``: precomputation still needs the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from secrets import randbelow

import nacl.encoding
import nacl.hash
from nacl.public import PrivateKey

from ._digits import normalise_digits
from ._util import Buffer, require_key
from .errors import InvalidReceipt
from .kdf import SALT_SIZE, KdfParams, derive_key

__all__ = [
    "RECEIPT_DIGITS",
    "ReceiptSecrets",
    "derive_receipt_secrets",
    "new_receipt",
    "parse_receipt",
    "receipt_keypair",
]

RECEIPT_DIGITS = 20
_GROUP = 4
SERVER_KEY_SIZE = 32


def new_receipt() -> str:
    """Draw a fresh receipt, grouped for reading aloud: ``"1234 5678 9012 3456 7890"``."""
    digits = str(randbelow(10**RECEIPT_DIGITS)).zfill(RECEIPT_DIGITS)
    return " ".join(digits[i : i + _GROUP] for i in range(0, RECEIPT_DIGITS, _GROUP))


def parse_receipt(text: str) -> str:
    """Return the 20 canonical ASCII digits of a receipt as typed, in any script.

    Raises :class:`InvalidReceipt`, whose message never repeats the input (a near-miss receipt in
    a log is most of a receipt).
    """
    digits = normalise_digits(text, RECEIPT_DIGITS)
    if digits is None:
        raise InvalidReceipt("not a receipt")
    return digits


@dataclass(frozen=True, repr=False)
class ReceiptSecrets:
    """What a receipt derives to. ``lookup`` may be stored; ``wrap_seed`` never may."""

    lookup: bytes
    wrap_seed: bytes

    def __repr__(self) -> str:
        # Keeps the secret seed out of debug pages, logs and assertion messages.
        return "ReceiptSecrets(<redacted>)"


def _blake2b(data: bytes, *, key: bytes, person: bytes) -> bytes:
    return nacl.hash.blake2b(
        data, digest_size=32, key=key, person=person, encoder=nacl.encoding.RawEncoder
    )


def derive_receipt_secrets(
    receipt: str, *, server_key: Buffer, params: KdfParams
) -> ReceiptSecrets:
    """Derive the lookup and the wrap seed of ``receipt`` (slow: one Argon2id run).

    ``server_key`` is the 32-byte secret from the data directory. ``params`` must be the same for
    the whole life of every receipt derived with them: a receipt derived with other parameters is
    simply not found.
    """
    key = require_key(server_key, SERVER_KEY_SIZE)
    digits = parse_receipt(receipt).encode("ascii")
    salt = nacl.hash.blake2b(b"receipt-salt", key=key, encoder=nacl.encoding.RawEncoder)[:SALT_SIZE]
    master = derive_key(digits, salt, params, size=32)
    return ReceiptSecrets(
        lookup=_blake2b(master, key=key, person=b"rd-rcpt-lookup"),
        wrap_seed=_blake2b(master, key=key, person=b"rd-rcpt-wrap"),
    )


def receipt_keypair(secrets: ReceiptSecrets) -> PrivateKey:
    """The X25519 key pair that report keys are wrapped to for this receipt's holder."""
    return PrivateKey.from_seed(secrets.wrap_seed)
