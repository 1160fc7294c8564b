"""Bearer tokens that carry a key: the server stores a digest and a sealed key, never the token.

Used for the reporter's inbox (cookie or API token) and staff API tokens. The token (32 random
bytes, URL-safe base64) exists only with the client. The database row holds SHA-256(token), to
find the row, and a private key sealed under BLAKE2b(token, server sub-key): a copy of the table,
even with the disk, opens nothing without the token.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import DecryptionError, secretbox

TOKEN_BYTES = 32


def new_token() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii").rstrip("=")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _token_key(token: str, purpose: bytes) -> bytes:
    return blake2b(
        token.encode("ascii", "replace"),
        digest_size=32,
        key=server_subkey(purpose),
        encoder=RawEncoder,
    )


def seal_for_token(token: str, purpose: bytes, secret: bytes) -> bytes:
    return secretbox.encrypt(secret, _token_key(token, purpose), b"rightsdesk-token-v1" + purpose)


def open_for_token(token: str, purpose: bytes, sealed: bytes) -> bytes | None:
    """The secret sealed for `token`, or None when the token does not open it."""
    try:
        return secretbox.decrypt(
            bytes(sealed), _token_key(token, purpose), b"rightsdesk-token-v1" + purpose
        )
    except (DecryptionError, ValueError):
        return None
