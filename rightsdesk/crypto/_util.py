"""Small private helpers shared by the modules of this package."""

from __future__ import annotations

from .errors import MalformedCiphertext

# Storage layers hand back different byte types (PostgreSQL through psycopg gives memoryview);
# every public function that reads stored bytes accepts all three and copies them to bytes,
# because the libsodium bindings accept bytes only.
type Buffer = bytes | bytearray | memoryview


def as_bytes(data: Buffer) -> bytes:
    """Return ``data`` as immutable bytes; TypeError for anything that is not a byte buffer."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    raise TypeError("expected bytes, bytearray or memoryview")


def utf8(text: str) -> bytes:
    """Encode text as UTF-8 without letting the codec quote the text in its error message.

    :class:`UnicodeEncodeError` repeats the offending character; for a password or a case note
    that is a leak into logs, so the error is replaced by a fixed message.
    """
    if not isinstance(text, str):
        raise TypeError("expected str")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text contains characters that cannot be encoded as UTF-8") from None


def from_utf8(data: bytes) -> str:
    """Decode authenticated plaintext as UTF-8; MalformedCiphertext (without the bytes) if not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedCiphertext("decrypted text is not valid UTF-8") from None


def require_key(key: Buffer, size: int = 32) -> bytes:
    """Check a symmetric key's type and length (a caller bug, hence ValueError, not CryptoError)."""
    raw = as_bytes(key)
    if len(raw) != size:
        raise ValueError(f"key must be {size} bytes")
    return raw


def require_aad(aad: Buffer) -> bytes:
    """Associated data is mandatory in this package: an empty binding is almost always a bug."""
    raw = as_bytes(aad)
    if not raw:
        raise ValueError("associated data must not be empty")
    return raw
