"""Public-key encryption of small values, with associated data.

libsodium's sealed boxes (``crypto_box_seal``) take no associated data, and every field in this
project must be bound to its row and field (:mod:`.aad`). So each message gets a fresh ephemeral
X25519 key pair; ``crypto_kx`` turns (ephemeral, recipient) into a session key, which BLAKE2b
derives from the shared secret *and both public keys*; XChaCha20-Poly1305 then encrypts with the
associated data under a random nonce. Anyone holding only the recipient's public key can seal
(a reporter adding a follow-up, a handler adding a note); only the private key opens.

There is no sender authentication: a sealed value proves nothing about who wrote it. Callers that
need authorship must record it elsewhere (the audit log), not infer it from a successful open.

Format, version 1: ``0x01 || ephemeral public key (32) || nonce (24) || ciphertext+tag (16)``.
"""

from __future__ import annotations

import nacl.exceptions
import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_ABYTES,
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
    crypto_kx_client_session_keys,
    crypto_kx_keypair,
    crypto_kx_PUBLIC_KEY_BYTES,
    crypto_kx_server_session_keys,
)
from nacl.public import PrivateKey, PublicKey

from ._util import Buffer, as_bytes, from_utf8, require_aad, utf8
from .errors import CryptoError, DecryptionError, MalformedCiphertext

__all__ = ["OVERHEAD", "VERSION", "open_sealed", "open_text", "seal", "seal_text"]

VERSION = 1
_PK: int = crypto_kx_PUBLIC_KEY_BYTES
_NONCE: int = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_TAG: int = crypto_aead_xchacha20poly1305_ietf_ABYTES
OVERHEAD = 1 + _PK + _NONCE + _TAG


def seal(plaintext: Buffer, recipient: PublicKey, aad: Buffer) -> bytes:
    """Encrypt ``plaintext`` so that only ``recipient``'s private key opens it, bound to ``aad``.

    The caller must have obtained ``recipient`` from a trusted place (the report row or the user
    row); sealing to a substituted key hands the plaintext to whoever substituted it.
    """
    if not isinstance(recipient, PublicKey):
        raise TypeError("recipient must be a nacl.public.PublicKey")
    ad = require_aad(aad)
    eph_pk, eph_sk = crypto_kx_keypair()
    try:
        _rx, tx = crypto_kx_client_session_keys(eph_pk, eph_sk, recipient.encode())
    except nacl.exceptions.CryptoError:
        # libsodium refuses low-order points: such a "public key" would make the session key
        # predictable to everyone.
        raise CryptoError("recipient public key is invalid") from None
    nonce = nacl.utils.random(_NONCE)
    body = crypto_aead_xchacha20poly1305_ietf_encrypt(as_bytes(plaintext), ad, nonce, tx)
    return bytes([VERSION]) + eph_pk + nonce + body


def open_sealed(ciphertext: Buffer, private_key: PrivateKey, aad: Buffer) -> bytes:
    """Return the plaintext sealed to ``private_key``'s public half with this ``aad``.

    Raises :class:`MalformedCiphertext` for bytes that are not a version-1 sealed value and
    :class:`DecryptionError` for a wrong key, wrong ``aad`` or any tampering.
    """
    if not isinstance(private_key, PrivateKey):
        raise TypeError("private_key must be a nacl.public.PrivateKey")
    ad = require_aad(aad)
    data = as_bytes(ciphertext)
    if len(data) < OVERHEAD:
        raise MalformedCiphertext("ciphertext is too short")
    if data[0] != VERSION:
        raise MalformedCiphertext("unknown ciphertext version")
    eph_pk = data[1 : 1 + _PK]
    nonce = data[1 + _PK : 1 + _PK + _NONCE]
    body = data[1 + _PK + _NONCE :]
    try:
        rx, _tx = crypto_kx_server_session_keys(
            private_key.public_key.encode(), private_key.encode(), eph_pk
        )
        return crypto_aead_xchacha20poly1305_ietf_decrypt(body, ad, nonce, rx)
    except nacl.exceptions.CryptoError:
        raise DecryptionError("decryption failed") from None


def seal_text(text: str, recipient: PublicKey, aad: Buffer) -> bytes:
    """:func:`seal` for text, encoded as UTF-8."""
    return seal(utf8(text), recipient, aad)


def open_text(ciphertext: Buffer, private_key: PrivateKey, aad: Buffer) -> str:
    """:func:`open_sealed` for text sealed with :func:`seal_text`."""
    return from_utf8(open_sealed(ciphertext, private_key, aad))
