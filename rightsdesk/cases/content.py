"""What a case's ciphertexts contain, and the associated data that pins each one to its place.

Every sealed value is bound (rightsdesk.crypto.bind) to its table, row and field, so a value
copied onto another case, message or attachment does not open. Callers get plain dataclasses;
nothing here checks permissions: call only after `access_case` and with the case key it unlocked.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from nacl.public import PrivateKey, PublicKey

from rightsdesk.crypto import bind, open_sealed, seal

CONTENT_VERSION = 1


@dataclass(frozen=True)
class ReportContent:
    """Everything the reporter typed or chose that is not clear metadata."""

    narrative: str
    contact: str = ""
    actor_types: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    since: str = ""
    ongoing: str = ""
    language: str = ""


@dataclass(frozen=True)
class AttachmentMeta:
    name: str
    mime: str
    size: int
    cleaned: bool
    removed: list[str] = field(default_factory=list)


def _seal_json(value: dict[str, Any], public_key: bytes, aad: bytes) -> bytes:
    payload = json.dumps({"v": CONTENT_VERSION, **value}, ensure_ascii=False, separators=(",", ":"))
    return seal(payload.encode("utf-8"), PublicKey(bytes(public_key)), aad)


def _open_json(sealed: bytes, key: PrivateKey, aad: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(open_sealed(bytes(sealed), key, aad))
    data.pop("v", None)
    return data


def content_aad(number: str) -> bytes:
    return bind(table="cases_case", row=number, field="content")


def message_aad(uid: str) -> bytes:
    return bind(table="cases_message", row=uid, field="body")


def attachment_key_aad(uid: str) -> bytes:
    return bind(table="cases_attachment", row=uid, field="key")


def attachment_meta_aad(uid: str) -> bytes:
    return bind(table="cases_attachment", row=uid, field="meta")


def seal_report(content: ReportContent, public_key: bytes, number: str) -> bytes:
    return _seal_json(asdict(content), public_key, content_aad(number))


def open_report(sealed: bytes, key: PrivateKey, number: str) -> ReportContent:
    return ReportContent(**_open_json(sealed, key, content_aad(number)))


def seal_message(body: str, public_key: bytes, uid: str) -> bytes:
    return _seal_json({"body": body}, public_key, message_aad(uid))


def open_message(sealed: bytes, key: PrivateKey, uid: str) -> str:
    return str(_open_json(sealed, key, message_aad(uid))["body"])


def seal_attachment(
    meta: AttachmentMeta, file_key: bytes, public_key: bytes, uid: str
) -> tuple[bytes, bytes]:
    """(sealed file key, sealed metadata) for one attachment."""
    sealed_key = seal(file_key, PublicKey(bytes(public_key)), attachment_key_aad(uid))
    return sealed_key, _seal_json(asdict(meta), public_key, attachment_meta_aad(uid))


def open_attachment_meta(sealed: bytes, key: PrivateKey, uid: str) -> AttachmentMeta:
    return AttachmentMeta(**_open_json(sealed, key, attachment_meta_aad(uid)))


def open_attachment_key(sealed: bytes, key: PrivateKey, uid: str) -> bytes:
    return open_sealed(bytes(sealed), key, attachment_key_aad(uid))


def note_aad(uid: str) -> bytes:
    return bind(table="cases_note", row=uid, field="body")


def seal_note(body: str, public_key: bytes, uid: str) -> bytes:
    return _seal_json({"body": body}, public_key, note_aad(uid))


def open_note(sealed: bytes, key: PrivateKey, uid: str) -> str:
    return str(_open_json(sealed, key, note_aad(uid))["body"])


@dataclass(frozen=True)
class Classification:
    """The handler's classification beyond the clear threat types and rights: who is behind it,
    why the person was targeted, who is affected. Not clear metadata (DESIGN.md section 3)."""

    actor_types: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    affected: list[str] = field(default_factory=list)


def classification_aad(number: str) -> bytes:
    return bind(table="cases_case", row=number, field="classification")


def seal_classification(value: Classification, public_key: bytes, number: str) -> bytes:
    return _seal_json(asdict(value), public_key, classification_aad(number))


def open_classification(sealed: bytes, key: PrivateKey, number: str) -> Classification:
    return Classification(**_open_json(sealed, key, classification_aad(number)))


def triage_note_aad(uid: str) -> bytes:
    return bind(table="cases_triagestep", row=uid, field="note")


def seal_triage_note(body: str, public_key: bytes, uid: str) -> bytes:
    return _seal_json({"body": body}, public_key, triage_note_aad(uid))


def open_triage_note(sealed: bytes, key: PrivateKey, uid: str) -> str:
    return str(_open_json(sealed, key, triage_note_aad(uid))["body"])


def priority_reason_aad(number: str) -> bytes:
    return bind(table="cases_case", row=number, field="priority_reason")


def seal_priority_reason(reason: str, public_key: bytes, number: str) -> bytes:
    """The reason given with a priority (typed by a handler, or the triage proposal's): it can
    name people or places, so it is sealed to the case like every other typed text."""
    return _seal_json({"body": reason}, public_key, priority_reason_aad(number))


def open_priority_reason(sealed: bytes, key: PrivateKey, number: str) -> str:
    """The reason, or "" when none was ever recorded (an empty field)."""
    if not sealed:
        return ""
    return str(_open_json(bytes(sealed), key, priority_reason_aad(number))["body"])
