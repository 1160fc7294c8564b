"""Exceptions raised by :mod:`rightsdesk.crypto`.

Every message is a fixed string. A message must never carry plaintext, key material, a password,
a receipt or a recovery code: exception text ends up in logs, error pages and error trackers, all of
which are outside the encrypted boundary. Library exceptions that might quote their input (for
example :class:`UnicodeDecodeError`, which quotes the offending bytes) are replaced, not chained.
"""

from __future__ import annotations

__all__ = [
    "CryptoError",
    "DecryptionError",
    "InvalidReceipt",
    "InvalidRecoveryCode",
    "MalformedCiphertext",
    "TruncatedStream",
]


class CryptoError(Exception):
    """Base class for every error this package raises on purpose."""


class DecryptionError(CryptoError):
    """The ciphertext did not authenticate: wrong key, tampered bytes or wrong associated data.

    Callers must treat this as "no plaintext exists": never fall back to another format, never show
    partial output.
    """


class MalformedCiphertext(DecryptionError):
    """The bytes are not a ciphertext of a format we write: bad version, too short, bad framing."""


class TruncatedStream(MalformedCiphertext):
    """A stream ended before its final frame, or carries bytes after it."""


class InvalidReceipt(CryptoError):
    """A string that does not parse as a receipt. The message never repeats the input."""


class InvalidRecoveryCode(CryptoError):
    """A string that does not parse as a recovery code. The message never repeats the input."""
