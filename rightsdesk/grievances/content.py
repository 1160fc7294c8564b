"""What a grievance's ciphertexts contain, and the associated data that pins each to its place.

Every sealed value is bound (rightsdesk.crypto.bind) to its table, row and field, so a value
copied onto another grievance, move, message, appeal or remedy does not open. Nothing here checks
permissions: call only with a key from `access.unlock_grievance` or the person's follow session.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from nacl.public import PrivateKey, PublicKey

from rightsdesk.crypto import bind, open_sealed, seal

CONTENT_VERSION = 1


@dataclass(frozen=True)
class Filing:
    """Everything the person typed in the grievance form."""

    what_happened: str
    affected: str = ""
    concerns_detail: str = ""
    remedy_sought: str = ""
    people_named: str = ""
    contact: str = ""


@dataclass(frozen=True)
class RemedyPlan:
    """Who must do what (the date is clear metadata: the clock needs it)."""

    who: str
    what: str


def _seal(value: dict[str, Any], public_key: bytes, aad: bytes) -> bytes:
    payload = json.dumps({"v": CONTENT_VERSION, **value}, ensure_ascii=False, separators=(",", ":"))
    return seal(payload.encode("utf-8"), PublicKey(bytes(public_key)), aad)


def _open(sealed: bytes, key: PrivateKey, aad: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(open_sealed(bytes(sealed), key, aad))
    data.pop("v", None)
    return data


def aad(table: str, row: str, field: str) -> bytes:
    """The binding of one sealed field: `grievances_<table>`, the row's number or uid, the field."""
    return bind(table=f"grievances_{table}", row=row, field=field)


def seal_filing(filing: Filing, public_key: bytes, number: str) -> bytes:
    return _seal(asdict(filing), public_key, aad("grievance", number, "content"))


def open_filing(sealed: bytes, key: PrivateKey, number: str) -> Filing:
    return Filing(**_open(sealed, key, aad("grievance", number, "content")))


def seal_text(text: str, public_key: bytes, *, table: str, row: str, field: str) -> bytes:
    """A typed text (a reason, a message, grounds, evidence, a comment) for one row's field."""
    return _seal({"body": text}, public_key, aad(table, row, field))


def open_text(sealed: bytes, key: PrivateKey, *, table: str, row: str, field: str) -> str:
    """The text, or "" for a field never written (empty bytes)."""
    if not sealed:
        return ""
    return str(_open(bytes(sealed), key, aad(table, row, field))["body"])


def seal_plan(plan: RemedyPlan, public_key: bytes, uid: str) -> bytes:
    return _seal(asdict(plan), public_key, aad("remedy", uid, "plan"))


def open_plan(sealed: bytes, key: PrivateKey, uid: str) -> RemedyPlan:
    return RemedyPlan(**_open(sealed, key, aad("remedy", uid, "plan")))


def seal_file_key(file_key: bytes, public_key: bytes, uid: str) -> bytes:
    return seal(file_key, PublicKey(bytes(public_key)), aad("attachment", uid, "key"))


def open_file_key(sealed: bytes, key: PrivateKey, uid: str) -> bytes:
    return open_sealed(bytes(sealed), key, aad("attachment", uid, "key"))


def seal_file_meta(meta: dict[str, Any], public_key: bytes, uid: str) -> bytes:
    return _seal(meta, public_key, aad("attachment", uid, "meta"))


def open_file_meta(sealed: bytes, key: PrivateKey, uid: str) -> dict[str, Any]:
    return _open(sealed, key, aad("attachment", uid, "meta"))
