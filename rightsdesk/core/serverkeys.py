"""Server-held secrets, kept in the data directory and never in the database.

One 32-byte master key (`keys/server.key`) gives a sub-key per purpose. An intruder holding only a
copy of the database (threat 2) therefore cannot recompute receipt lookups, username throttle
digests, session vault keys or audit-chain MACs. Someone who seizes the whole disk (threat 1) can:
that is why receipts are also slow to derive and why content is encrypted to users' keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from rightsdesk.core.datadir import load_or_create_secret

# Each purpose gets its own sub-key; a personalisation is at most 16 bytes.
PURPOSES = frozenset(
    {
        b"audit-chain",
        b"login-throttle",
        b"session-vault",
        b"receipt-lookup",
        b"inbox-token",
        b"api-token",
        b"login-link",
        b"partner-dir",
        b"referral-code",
        b"remote-referral",
        b"grievance-token",
        b"wiki-bot",
        b"wiki-protected",
        b"wiki-note",
        b"wiki-incident",
        b"api-replay",
    }
)


@cache
def _master_key(keys_dir: str) -> bytes:
    return load_or_create_secret(Path(keys_dir) / "server.key", size=32)


def server_subkey(purpose: bytes) -> bytes:
    """Return the 32-byte sub-key for `purpose` (one of PURPOSES)."""
    if purpose not in PURPOSES:
        raise ValueError("unknown server key purpose")
    master = _master_key(str(settings.KEYS_DIR))
    return blake2b(
        b"", digest_size=32, key=master, person=purpose.ljust(16, b"\0"), encoder=RawEncoder
    )


def keyed_digest(purpose: bytes, message: bytes) -> str:
    """Hex BLAKE2b of `message` under the sub-key for `purpose`."""
    return blake2b(message, digest_size=32, key=server_subkey(purpose)).decode("ascii")


def keyed_hasher(purpose: bytes) -> Callable[[bytes], bytes]:
    """A raw 32-byte keyed BLAKE2b under the sub-key for `purpose`, the sub-key fetched once:
    for callers that hash many short messages in a row (wikisafety's phrase shingles)."""
    key = server_subkey(purpose)

    def digest(message: bytes) -> bytes:
        return blake2b(message, digest_size=32, key=key, encoder=RawEncoder)

    return digest
