"""Which key seals what in the partner network, and the associated data that pins it there.

- The directory key: a server sub-key (`server_subkey(b"partner-dir")`) for what the team
  learned about an organisation (vetting evidence, who vouched, internal notes). A database copy
  alone opens none of it.
- The case key (the case's own X25519 pair): the handler's purpose and summary and any reason for
  referring without consent, until the packet is built. Whoever can read the case (the team's
  readers, the volunteer with the receipt) can read them.
- The referral key (a fresh X25519 pair per referral): the packet, the files' keys and metadata,
  and every update of the loop. Its private half is wrapped to each partner user and to the case.

Nothing here checks permissions: callers go through `rightsdesk.partners.access` first.
"""

from __future__ import annotations

import json
from typing import Any

from nacl.public import PrivateKey, PublicKey

from rightsdesk.core.serverkeys import keyed_digest, server_subkey
from rightsdesk.crypto import (
    bind,
    open_sealed,
    seal,
    secretbox,
    unwrap_report_key,
    wrap_report_key,
)

REFERRAL_TABLE = "partners_referral"
PACKET_VERSION = 1


def _directory_key() -> bytes:
    return server_subkey(b"partner-dir")


def seal_directory(value: dict[str, Any], *, table: str, row: str, field: str) -> bytes:
    """JSON sealed under the directory key, bound to (table, row, field)."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return secretbox.encrypt(payload, _directory_key(), bind(table=table, row=row, field=field))


def open_directory(sealed: bytes, *, table: str, row: str, field: str) -> dict[str, Any]:
    """The JSON `seal_directory` sealed; {} for an empty field."""
    if not sealed:
        return {}
    raw = secretbox.decrypt(
        bytes(sealed), _directory_key(), bind(table=table, row=row, field=field)
    )
    value: dict[str, Any] = json.loads(raw)
    return value


def seal_to_case(text: str, case_public_key: bytes, *, uid: str, field: str) -> bytes:
    """A referral's draft text (purpose, summary, override reason) sealed to the case key."""
    if not text:
        return b""
    aad = bind(table=REFERRAL_TABLE, row=uid, field=field)
    return seal(text.encode(), PublicKey(bytes(case_public_key)), aad)


def open_with_case(sealed: bytes, case_key: PrivateKey, *, uid: str, field: str) -> str:
    if not sealed:
        return ""
    aad = bind(table=REFERRAL_TABLE, row=uid, field=field)
    return open_sealed(bytes(sealed), case_key, aad).decode()


def new_referral_key() -> PrivateKey:
    return PrivateKey.generate()


def wrap_referral_key(referral_key: PrivateKey, recipient_public_key: bytes) -> bytes:
    """The referral's private key sealed to one recipient (a partner user, or the case), bound to
    the (referral, recipient) pair like a case's key wraps."""
    return wrap_report_key(referral_key, PublicKey(bytes(recipient_public_key)))


def unwrap_referral_key(wrap: bytes, referral_public_key: bytes, key: PrivateKey) -> PrivateKey:
    """Raises rightsdesk.crypto.CryptoError when the wrap is not for this key and referral."""
    return unwrap_report_key(bytes(wrap), bytes(referral_public_key), key)


def seal_packet(packet: dict[str, Any], referral_public_key: bytes, uid: str) -> bytes:
    payload = json.dumps(
        {"v": PACKET_VERSION, **packet}, ensure_ascii=False, separators=(",", ":")
    ).encode()
    aad = bind(table=REFERRAL_TABLE, row=uid, field="packet")
    return seal(payload, PublicKey(bytes(referral_public_key)), aad)


def open_packet(sealed: bytes, referral_key: PrivateKey, uid: str) -> dict[str, Any]:
    if not sealed:
        return {}
    aad = bind(table=REFERRAL_TABLE, row=uid, field="packet")
    value: dict[str, Any] = json.loads(open_sealed(bytes(sealed), referral_key, aad))
    value.pop("v", None)
    return value


def seal_file_part(data: bytes, referral_public_key: bytes, *, uid: str, field: str) -> bytes:
    """A shared file's key (`field="key"`) or metadata JSON (`field="meta"`), sealed to the
    referral key and bound to the `ReferralFile` row."""
    aad = bind(table="partners_referralfile", row=uid, field=field)
    return seal(data, PublicKey(bytes(referral_public_key)), aad)


def open_file_part(sealed: bytes, referral_key: PrivateKey, *, uid: str, field: str) -> bytes:
    aad = bind(table="partners_referralfile", row=uid, field=field)
    return open_sealed(bytes(sealed), referral_key, aad)


def seal_update(text: str, referral_public_key: bytes, uid: str) -> bytes:
    if not text:
        return b""
    aad = bind(table="partners_referralupdate", row=uid, field="body")
    return seal(text.encode(), PublicKey(bytes(referral_public_key)), aad)


def open_update(sealed: bytes, referral_key: PrivateKey, uid: str) -> str:
    if not sealed:
        return ""
    aad = bind(table="partners_referralupdate", row=uid, field="body")
    return open_sealed(bytes(sealed), referral_key, aad).decode()


def code_digest(code: str) -> str:
    """Keyed digest of a remote partner's one-time report-back code (the code is never stored)."""
    return keyed_digest(b"referral-code", code.encode())
