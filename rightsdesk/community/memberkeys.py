"""The community key: encrypts members' and participants' mail addresses.

It lives in ``<KEYS_DIR>/community-members.key`` (32 random bytes, created on first use, mode
0600), never in the database, so a copy of the database alone reveals no address. Back it up
apart from database backups. Losing it loses the addresses (the rest of each record survives).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

from rightsdesk.core.datadir import load_or_create_secret
from rightsdesk.crypto import secretbox
from rightsdesk.crypto.aad import bind

KEY_FILE = "community-members.key"
_DIGEST_PERSON = b"rd-comm-mail"


def community_key() -> bytes:
    return _load(str(Path(settings.KEYS_DIR) / KEY_FILE))


@cache
def _load(path: str) -> bytes:
    # Read once per process and key file, as rightsdesk.core.serverkeys does for server.key;
    # keyed by path so a test's separate data directory gets its own key.
    return load_or_create_secret(Path(path))


def normalise_email(address: str) -> str:
    return address.strip().casefold()


def email_digest(address: str) -> str:
    """Keyed BLAKE2b of the normalised address: finds duplicates without storing the address."""
    key = hashlib.blake2b(community_key(), digest_size=32, person=b"rd-comm-digest").digest()
    return hashlib.blake2b(
        normalise_email(address).encode(), key=key, digest_size=32, person=_DIGEST_PERSON
    ).hexdigest()


def _encryption_key() -> bytes:
    # A sub-key, so the digest key and the encryption key are never the same bytes.
    return hashlib.blake2b(community_key(), digest_size=32, person=b"rd-comm-encrypt").digest()


def encrypt_email(address: str, *, table: str, row: str) -> bytes:
    return secretbox.encrypt(
        normalise_email(address).encode(),
        _encryption_key(),
        bind(table=table, row=row, field="email"),
    )


def decrypt_email(ciphertext: bytes | memoryview, *, table: str, row: str) -> str:
    return secretbox.decrypt(
        bytes(ciphertext), _encryption_key(), bind(table=table, row=row, field="email")
    ).decode()
