"""Argon2id key derivation (libsodium's ``crypto_pwhash``) with explicit, stored parameters.

The parameters travel with every blob that was derived with them (see :mod:`.userkeys`), so an
operator can raise them later without locking anyone out of an old wrap.
"""

from __future__ import annotations

from dataclasses import dataclass

from nacl.pwhash import argon2id

from ._util import Buffer, as_bytes

__all__ = [
    "DEFAULT_KDF",
    "INSECURE_TEST_KDF",
    "MAX_MEMLIMIT",
    "MAX_OPSLIMIT",
    "SALT_SIZE",
    "KdfParams",
    "derive_key",
]

SALT_SIZE: int = argon2id.SALTBYTES

# Ceilings well above any sane setting. Parameters are read back from stored blobs, so without a
# ceiling a tampered row could make one login allocate terabytes or spin for hours. They also keep
# opslimit within the 4 bytes and memlimit within the 8 bytes that the wrap format gives them.
MAX_OPSLIMIT = 64
MAX_MEMLIMIT = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: ``opslimit`` passes over ``memlimit`` bytes of memory."""

    opslimit: int
    memlimit: int

    def __post_init__(self) -> None:
        for name in ("opslimit", "memlimit"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int")
        if not argon2id.OPSLIMIT_MIN <= self.opslimit <= min(MAX_OPSLIMIT, argon2id.OPSLIMIT_MAX):
            raise ValueError("opslimit is out of range")
        if not argon2id.MEMLIMIT_MIN <= self.memlimit <= min(MAX_MEMLIMIT, argon2id.MEMLIMIT_MAX):
            raise ValueError("memlimit is out of range")


# DESIGN.md section 3: at least 64 MiB and 3 passes.
DEFAULT_KDF = KdfParams(opslimit=3, memlimit=64 * 1024 * 1024)

# Cheap enough to run hundreds of times in a test suite, and worthless against a guessing attack.
# Never use outside tests.
INSECURE_TEST_KDF = KdfParams(opslimit=1, memlimit=8192)


def derive_key(secret: Buffer, salt: Buffer, params: KdfParams, *, size: int = 32) -> bytes:
    """Derive ``size`` bytes from ``secret`` with Argon2id.

    The caller chooses ``salt`` (16 bytes): random per user for passwords; a keyed, per-server
    value for receipts, which must be found again without knowing the row.
    """
    if not isinstance(params, KdfParams):
        raise TypeError("params must be KdfParams")
    salt_bytes = as_bytes(salt)
    if len(salt_bytes) != SALT_SIZE:
        raise ValueError(f"salt must be {SALT_SIZE} bytes")
    if not argon2id.BYTES_MIN <= size <= argon2id.BYTES_MAX:
        raise ValueError("size is out of range")
    return argon2id.kdf(
        size,
        as_bytes(secret),
        salt_bytes,
        opslimit=params.opslimit,
        memlimit=params.memlimit,
    )
