"""Fields of a record that has its own key pair (an assessment, a demand, ...): JSON or bytes
sealed to the record's public key and bound to (table, row uid, field), so a sealed value copied
onto another row or field does not open, and anyone allowed to add to the record can do so
without unlocking it. The private half is the record's business (wrapped to its readers).
"""

from __future__ import annotations

import json
from typing import Any

from nacl.public import PrivateKey, PublicKey

from .aad import bind
from .sealing import open_sealed, seal

SEAL_VERSION = 1


def seal_json(
    value: dict[str, Any], public_key: bytes, *, table: str, row: str, field: str = "body"
) -> bytes:
    """`value` as JSON sealed to the record's public key, bound to (table, row, field)."""
    payload = json.dumps(
        {"v": SEAL_VERSION, **value}, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return seal(payload, PublicKey(bytes(public_key)), bind(table=table, row=row, field=field))


def open_json(
    sealed: bytes, key: PrivateKey, *, table: str, row: str, field: str = "body"
) -> dict[str, Any]:
    """What `seal_json` sealed; {} for an empty field. Raises rightsdesk.crypto.CryptoError when
    the value was moved from another row or field, or tampered with."""
    if not sealed:
        return {}
    raw = open_sealed(bytes(sealed), key, bind(table=table, row=row, field=field))
    value: dict[str, Any] = json.loads(raw)
    value.pop("v", None)
    return value


def seal_bytes(data: bytes, public_key: bytes, *, table: str, row: str, field: str) -> bytes:
    """Raw bytes (an evidence file's key) sealed to the record's public key."""
    return seal(data, PublicKey(bytes(public_key)), bind(table=table, row=row, field=field))


def open_bytes(sealed: bytes, key: PrivateKey, *, table: str, row: str, field: str) -> bytes:
    return open_sealed(bytes(sealed), key, bind(table=table, row=row, field=field))
