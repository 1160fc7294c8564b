"""The package's shape: the promised names exist, and nothing in it imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

from rightsdesk import crypto

PACKAGE = Path(crypto.__file__).parent


def test_no_django_imports() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path.name


def test_public_names_are_exported() -> None:
    for name in crypto.__all__:
        assert hasattr(crypto, name), name
    for name in (
        "bind",
        "KdfParams",
        "DEFAULT_KDF",
        "INSECURE_TEST_KDF",
        "derive_key",
        "seal",
        "open_sealed",
        "seal_text",
        "open_text",
        "encrypt",
        "decrypt",
        "UserKeyBundle",
        "create_user_keys",
        "unlock_with_password",
        "unlock_with_recovery",
        "rewrap_password",
        "rewrap_recovery",
        "new_recovery_code",
        "parse_recovery_code",
        "new_report_keypair",
        "wrap_report_key",
        "unwrap_report_key",
        "rewrap_for",
        "RECEIPT_DIGITS",
        "new_receipt",
        "parse_receipt",
        "ReceiptSecrets",
        "derive_receipt_secrets",
        "receipt_keypair",
        "CHUNK_SIZE",
        "new_file_key",
        "encrypt_stream",
        "decrypt_stream",
        "verify_stream",
        "decrypt_to",
        "padme",
        "StreamInfo",
        "CryptoError",
        "DecryptionError",
        "MalformedCiphertext",
        "TruncatedStream",
        "InvalidReceipt",
        "InvalidRecoveryCode",
    ):
        assert name in crypto.__all__, name


def test_error_hierarchy() -> None:
    assert issubclass(crypto.DecryptionError, crypto.CryptoError)
    assert issubclass(crypto.MalformedCiphertext, crypto.DecryptionError)
    assert issubclass(crypto.TruncatedStream, crypto.MalformedCiphertext)
    assert issubclass(crypto.InvalidReceipt, crypto.CryptoError)
    assert issubclass(crypto.InvalidRecoveryCode, crypto.CryptoError)
