"""Key pairs of staff and partner users, wrapped under their password and a recovery code.

Each user has one X25519 key pair. The database stores the public key and two wraps of the private
key; the private key itself is never stored in clear and exists only in memory of a request that
was given the password (or recovery code), or in the encrypted session vault.

A wrap is self-describing, so that raising the Argon2id cost later still opens old wraps:

    version (1) || opslimit (4, big-endian) || memlimit (8, big-endian) || salt (16)
    || secretbox ciphertext of the 32-byte private key

The secretbox's associated data is ``b"rightsdesk-userkey-v1" || purpose || public key || header``
(header = the first 29 bytes above; all parts have fixed lengths, so the concatenation is
unambiguous).
Threat: someone with write access to the user table copies a wrap whose password they know (their
own) onto a victim's row, so the victim unknowingly works with the attacker's key; or swaps the
password and recovery wraps. The public key in the associated data makes a moved wrap fail, and
unlocking also checks that the unwrapped private key derives the stored public key.

The header is authenticated too. Changing the salt or parameters usually changes the derived key
anyway, but not always (Argon2 rounds memlimit down to whole KiB), and a stored blob should have
exactly one valid form.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from secrets import randbelow
from typing import Literal

import nacl.utils
from nacl.public import PrivateKey

from . import secretbox
from ._digits import normalise_digits
from ._util import Buffer, as_bytes, utf8
from .errors import DecryptionError, InvalidRecoveryCode, MalformedCiphertext
from .kdf import SALT_SIZE, KdfParams, derive_key

__all__ = [
    "RECOVERY_CODE_DIGITS",
    "UserKeyBundle",
    "create_user_keys",
    "new_recovery_code",
    "parse_recovery_code",
    "rewrap_password",
    "rewrap_recovery",
    "unlock_with_password",
    "unlock_with_recovery",
]

WRAP_VERSION = 1
_AAD_PREFIX = b"rightsdesk-userkey-v1"
_KEY = 32
_HEADER = 1 + 4 + 8 + SALT_SIZE
_WRAP_SIZE = _HEADER + secretbox.OVERHEAD + _KEY

# 40 decimal digits = 132.9 bits. Digits, like receipts, because every keyboard in every script
# has them (see ._digits); 8 groups of 5 keep it readable over a phone line.
RECOVERY_CODE_DIGITS = 40
_RECOVERY_GROUP = 5

type Purpose = Literal[b"password", b"recovery"]


@dataclass(frozen=True)
class UserKeyBundle:
    """What the database stores for a user's key pair; every field is safe to store.

    Storage may hand back ``memoryview``; convert with ``bytes()`` before building a bundle.
    """

    public_key: bytes
    password_wrap: bytes
    recovery_wrap: bytes


def new_recovery_code() -> str:
    """Draw a recovery code, e.g. ``"01234-56789-..."`` (8 groups of 5 digits), shown once."""
    digits = str(randbelow(10**RECOVERY_CODE_DIGITS)).zfill(RECOVERY_CODE_DIGITS)
    groups = range(0, RECOVERY_CODE_DIGITS, _RECOVERY_GROUP)
    return "-".join(digits[i : i + _RECOVERY_GROUP] for i in groups)


def parse_recovery_code(text: str) -> str:
    """Return the canonical 40 ASCII digits; any script's digits, spaces and dashes accepted.

    Raises :class:`InvalidRecoveryCode` (without repeating the input) for anything else.
    """
    digits = normalise_digits(text, RECOVERY_CODE_DIGITS)
    if digits is None:
        raise InvalidRecoveryCode("not a recovery code")
    return digits


def _password_bytes(password: str) -> bytes:
    # NFC so that the same password typed on two systems that compose accents or Arabic and
    # Persian letters differently (precomposed or combining) still unlocks the key.
    if not isinstance(password, str):
        raise TypeError("password must be str")
    return utf8(unicodedata.normalize("NFC", password))


def _code_bytes(code: str) -> bytes:
    # The canonical digits, never the displayed form: the code is typed back with other separators
    # and perhaps in another script.
    return parse_recovery_code(code).encode("ascii")


def _aad(purpose: Purpose, public_key: bytes, header: bytes) -> bytes:
    return _AAD_PREFIX + purpose + public_key + header


def _wrap(secret: bytes, purpose: Purpose, key: PrivateKey, params: KdfParams) -> bytes:
    salt = nacl.utils.random(SALT_SIZE)
    wrapping_key = derive_key(secret, salt, params)
    header = (
        bytes([WRAP_VERSION])
        + params.opslimit.to_bytes(4, "big")
        + params.memlimit.to_bytes(8, "big")
        + salt
    )
    aad = _aad(purpose, key.public_key.encode(), header)
    body = secretbox.encrypt(key.encode(), wrapping_key, aad)
    return header + body


def _unwrap(secret: bytes, purpose: Purpose, wrap: Buffer, public_key: Buffer) -> PrivateKey:
    blob = as_bytes(wrap)
    pk = as_bytes(public_key)
    if len(pk) != _KEY:
        raise MalformedCiphertext("stored public key has the wrong length")
    if len(blob) != _WRAP_SIZE:
        raise MalformedCiphertext("key wrap has the wrong length")
    if blob[0] != WRAP_VERSION:
        raise MalformedCiphertext("unknown key wrap version")
    try:
        params = KdfParams(
            opslimit=int.from_bytes(blob[1:5], "big"),
            memlimit=int.from_bytes(blob[5:13], "big"),
        )
    except ValueError:
        raise MalformedCiphertext("key wrap has unacceptable KDF parameters") from None
    salt = blob[13:_HEADER]
    wrapping_key = derive_key(secret, salt, params)
    raw = secretbox.decrypt(blob[_HEADER:], wrapping_key, _aad(purpose, pk, blob[:_HEADER]))
    private_key = PrivateKey(raw)
    # The AEAD already binds the public key, so this only fails if whoever wrote the wrap knew the
    # secret and deliberately wrapped a different key; refuse rather than use a key nobody
    # can encrypt to.
    if private_key.public_key.encode() != pk:
        raise DecryptionError("unwrapped key does not match the stored public key")
    return private_key


def create_user_keys(password: str, params: KdfParams) -> tuple[UserKeyBundle, PrivateKey, str]:
    """Make a new key pair for a user: (bundle to store, private key, recovery code to show once).

    The caller must show the recovery code to the user exactly once and never store or log it.
    Two Argon2id runs: call it where that latency is expected (account setup).
    """
    private_key = PrivateKey.generate()
    code = new_recovery_code()
    bundle = UserKeyBundle(
        public_key=private_key.public_key.encode(),
        password_wrap=_wrap(_password_bytes(password), b"password", private_key, params),
        recovery_wrap=_wrap(_code_bytes(code), b"recovery", private_key, params),
    )
    return bundle, private_key, code


def unlock_with_password(bundle: UserKeyBundle, password: str) -> PrivateKey:
    """Unwrap the private key with the password; :class:`DecryptionError` if it is wrong.

    Costs one Argon2id run with the parameters stored in the wrap. The caller must already have
    throttled login attempts: this function is a password oracle.
    """
    return _unwrap(_password_bytes(password), b"password", bundle.password_wrap, bundle.public_key)


def unlock_with_recovery(bundle: UserKeyBundle, recovery_code: str) -> PrivateKey:
    """Unwrap the private key with the recovery code (any script, separators ignored).

    Raises :class:`InvalidRecoveryCode` if the text is not a code at all, :class:`DecryptionError`
    if it is a code but the wrong one.
    """
    return _unwrap(_code_bytes(recovery_code), b"recovery", bundle.recovery_wrap, bundle.public_key)


def _check_owner(bundle: UserKeyBundle, private_key: PrivateKey) -> None:
    if not isinstance(private_key, PrivateKey):
        raise TypeError("private_key must be a nacl.public.PrivateKey")
    if private_key.public_key.encode() != as_bytes(bundle.public_key):
        raise ValueError("private key does not belong to this bundle")


def rewrap_password(
    bundle: UserKeyBundle, private_key: PrivateKey, new_password: str, params: KdfParams
) -> UserKeyBundle:
    """Return the bundle with a new password wrap (fresh salt); the recovery wrap is unchanged.

    The caller must have unlocked ``private_key`` from this bundle (by old password or recovery
    code) in this same request, and must replace the stored wrap atomically.
    """
    _check_owner(bundle, private_key)
    wrap = _wrap(_password_bytes(new_password), b"password", private_key, params)
    return dataclasses.replace(bundle, password_wrap=wrap)


def rewrap_recovery(
    bundle: UserKeyBundle, private_key: PrivateKey, params: KdfParams
) -> tuple[UserKeyBundle, str]:
    """Return the bundle with a new recovery wrap and the new code to show once.

    The old code stops working as soon as the returned bundle is stored.
    """
    _check_owner(bundle, private_key)
    code = new_recovery_code()
    wrap = _wrap(_code_bytes(code), b"recovery", private_key, params)
    return dataclasses.replace(bundle, recovery_wrap=wrap), code
