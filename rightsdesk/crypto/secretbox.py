"""Symmetric authenticated encryption with associated data (XChaCha20-Poly1305-IETF).

Used where the key is already symmetric: a user's private key wrapped under an Argon2id-derived
key, a session vault under a cookie key. Nonces are random; with 192-bit nonces a collision is not
a practical concern however many messages one key encrypts.

Format, version 1: ``0x01 || nonce (24) || ciphertext with 16-byte tag``.
"""

from __future__ import annotations

import nacl.exceptions
import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
)

from ._util import Buffer, as_bytes, require_aad, require_key
from .errors import DecryptionError, MalformedCiphertext

__all__ = ["KEY_SIZE", "OVERHEAD", "VERSION", "decrypt", "encrypt"]

VERSION = 1
KEY_SIZE: int = crypto_aead_xchacha20poly1305_ietf_KEYBYTES
_NONCE: int = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_TAG: int = crypto_aead_xchacha20poly1305_ietf_ABYTES
OVERHEAD = 1 + _NONCE + _TAG


def encrypt(plaintext: Buffer, key: Buffer, aad: Buffer) -> bytes:
    """Encrypt ``plaintext`` under the 32-byte ``key``, authenticated together with ``aad``.

    ``aad`` must say where the ciphertext will live (see :func:`.aad.bind`); decryption
    needs the same bytes.
    """
    key_bytes = require_key(key, KEY_SIZE)
    ad = require_aad(aad)
    nonce = nacl.utils.random(_NONCE)
    body = crypto_aead_xchacha20poly1305_ietf_encrypt(as_bytes(plaintext), ad, nonce, key_bytes)
    return bytes([VERSION]) + nonce + body


def decrypt(ciphertext: Buffer, key: Buffer, aad: Buffer) -> bytes:
    """Return the plaintext, or raise :class:`DecryptionError` / :class:`MalformedCiphertext`."""
    key_bytes = require_key(key, KEY_SIZE)
    ad = require_aad(aad)
    data = as_bytes(ciphertext)
    if len(data) < OVERHEAD:
        raise MalformedCiphertext("ciphertext is too short")
    if data[0] != VERSION:
        raise MalformedCiphertext("unknown ciphertext version")
    nonce = data[1 : 1 + _NONCE]
    try:
        return crypto_aead_xchacha20poly1305_ietf_decrypt(data[1 + _NONCE :], ad, nonce, key_bytes)
    except nacl.exceptions.CryptoError:
        raise DecryptionError("decryption failed") from None
