"""The cryptographic core of rightsdesk: libsodium (PyNaCl) only, no Django.

Modules: :mod:`.aad` (binding ciphertexts to their place), :mod:`.kdf` (Argon2id),
:mod:`.secretbox` (symmetric AEAD), :mod:`.sealing` (public-key AEAD for fields),
:mod:`.userkeys` (user key pairs and their wraps), :mod:`.reportkeys` (per-report keys),
:mod:`.receipts` (reporter receipts), :mod:`.streams` (files), :mod:`.records` (fields of a
record with its own key pair).
"""

from __future__ import annotations

from . import aad, kdf, receipts, reportkeys, sealing, secretbox, streams, userkeys
from .aad import bind
from .errors import (
    CryptoError,
    DecryptionError,
    InvalidReceipt,
    InvalidRecoveryCode,
    MalformedCiphertext,
    TruncatedStream,
)
from .kdf import DEFAULT_KDF, INSECURE_TEST_KDF, KdfParams, derive_key
from .receipts import (
    RECEIPT_DIGITS,
    ReceiptSecrets,
    derive_receipt_secrets,
    new_receipt,
    parse_receipt,
    receipt_keypair,
)
from .reportkeys import new_report_keypair, rewrap_for, unwrap_report_key, wrap_report_key
from .sealing import open_sealed, open_text, seal, seal_text
from .secretbox import decrypt, encrypt
from .streams import (
    CHUNK_SIZE,
    StreamInfo,
    StreamWriter,
    decrypt_stream,
    decrypt_to,
    encrypt_stream,
    new_file_key,
    padme,
    verify_stream,
)
from .userkeys import (
    UserKeyBundle,
    create_user_keys,
    new_recovery_code,
    parse_recovery_code,
    rewrap_password,
    rewrap_recovery,
    unlock_with_password,
    unlock_with_recovery,
)

__all__ = [
    "CHUNK_SIZE",
    "DEFAULT_KDF",
    "INSECURE_TEST_KDF",
    "RECEIPT_DIGITS",
    "CryptoError",
    "DecryptionError",
    "InvalidReceipt",
    "InvalidRecoveryCode",
    "KdfParams",
    "MalformedCiphertext",
    "ReceiptSecrets",
    "StreamInfo",
    "StreamWriter",
    "TruncatedStream",
    "UserKeyBundle",
    "aad",
    "bind",
    "create_user_keys",
    "decrypt",
    "decrypt_stream",
    "decrypt_to",
    "derive_key",
    "derive_receipt_secrets",
    "encrypt",
    "encrypt_stream",
    "kdf",
    "new_file_key",
    "new_receipt",
    "new_recovery_code",
    "new_report_keypair",
    "open_sealed",
    "open_text",
    "padme",
    "parse_receipt",
    "parse_recovery_code",
    "receipt_keypair",
    "receipts",
    "reportkeys",
    "rewrap_for",
    "rewrap_password",
    "rewrap_recovery",
    "seal",
    "seal_text",
    "sealing",
    "secretbox",
    "streams",
    "unlock_with_password",
    "unlock_with_recovery",
    "unwrap_report_key",
    "userkeys",
    "verify_stream",
    "wrap_report_key",
]
