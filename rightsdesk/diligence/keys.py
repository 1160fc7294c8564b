"""Which key seals what in due diligence, and the associated data that pins it there.

One X25519 key pair per assessment (the same construction as a case's report key,
rightsdesk.crypto.reportkeys): everything typed or uploaded into the assessment is sealed to its
public key, so any reader can add to it without unlocking it, and bound to (table, row uid,
field), so a sealed value copied onto another row or field does not open. The private half is
wrapped to each reader's own key and to the escrow key when one is configured.

Why not a server sub-key, like the partner directory: the engagement log records what
rights-holders at risk told the team (sometimes in a country where saying it is dangerous), and
the register says where the organisation's products hurt people. A seized disk holds the server
key; it holds no reader's password.

Nothing here checks permissions: callers go through `rightsdesk.diligence.access` first.
"""

from __future__ import annotations

import json
from typing import Any

from nacl.public import PrivateKey, PublicKey

from rightsdesk.crypto import bind, open_sealed, seal

SEAL_VERSION = 1


def seal_json(
    value: dict[str, Any], public_key: bytes, *, table: str, row: str, field: str = "body"
) -> bytes:
    """`value` as JSON sealed to the assessment's public key, bound to (table, row, field)."""
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
    """Raw bytes (an evidence file's key) sealed to the assessment's public key."""
    return seal(data, PublicKey(bytes(public_key)), bind(table=table, row=row, field=field))


def open_bytes(sealed: bytes, key: PrivateKey, *, table: str, row: str, field: str) -> bytes:
    return open_sealed(bytes(sealed), key, bind(table=table, row=row, field=field))
