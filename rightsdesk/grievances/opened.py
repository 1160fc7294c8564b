"""A grievance opened with its key: everything typed, decrypted, as plain dataclasses.

Audited by the callers' services (`services.grievance_open` for staff, the follow page for the
person). Nothing here checks permissions: call with a key from `access.unlock_grievance` or the
person's follow session.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from nacl.public import PrivateKey

from rightsdesk.core import files
from rightsdesk.grievances import content as sealed
from rightsdesk.grievances.models import Appeal, Grievance, GrievanceAttachment


@dataclass(frozen=True)
class OpenedFile:
    uid: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class OpenedMessage:
    seq: int
    direction: str
    author: str
    created_on: date
    body: str
    files: list[OpenedFile] = field(default_factory=list)


@dataclass(frozen=True)
class OpenedMove:
    seq: int
    from_stage: str
    to_stage: str
    outcome: str
    at: datetime
    actor: str
    on_time: bool | None
    reason: str


@dataclass(frozen=True)
class OpenedRemedy:
    uid: str
    kind: str
    who: str
    what: str
    due_on: date
    done_at: datetime | None
    evidence: str
    person_view: str
    person_comment: str


@dataclass(frozen=True)
class OpenedAppeal:
    filed_on: date
    due: datetime
    grounds: str
    outcome: str
    decided_at: datetime | None
    reasons: str
    reviewer: str


@dataclass(frozen=True)
class OpenedGrievance:
    grievance: Grievance
    filing: sealed.Filing
    files: list[OpenedFile]
    messages: list[OpenedMessage]
    moves: list[OpenedMove]
    remedies: list[OpenedRemedy]
    appeal: OpenedAppeal | None


def _file(item: GrievanceAttachment, key: PrivateKey) -> OpenedFile:
    uid = str(item.uid)
    return OpenedFile(uid=uid, meta=sealed.open_file_meta(bytes(item.meta), key, uid))


def open_all(grievance: Grievance, key: PrivateKey) -> OpenedGrievance:
    """Decrypt the grievance and everything attached to it (no audit: the caller records it)."""
    text = sealed.open_text
    attachments = list(grievance.attachments.all())
    messages = [
        OpenedMessage(
            seq=m.seq,
            direction=m.direction,
            author=m.author.username if m.author else "",
            created_on=m.created_on,
            body=text(bytes(m.body), key, table="message", row=str(m.uid), field="body"),
            files=[_file(a, key) for a in attachments if a.message_id == m.pk],
        )
        for m in grievance.messages.select_related("author")
    ]
    moves = [
        OpenedMove(
            seq=m.seq,
            from_stage=m.from_stage,
            to_stage=m.to_stage,
            outcome=m.outcome,
            at=m.at,
            actor=m.actor.username if m.actor else "",
            on_time=m.on_time,
            reason=text(bytes(m.body), key, table="move", row=str(m.uid), field="reason"),
        )
        for m in grievance.moves.select_related("actor")
    ]
    remedies = []
    for r in grievance.remedies.all():
        uid = str(r.uid)
        plan = sealed.open_plan(bytes(r.plan), key, uid)
        remedies.append(
            OpenedRemedy(
                uid=uid,
                kind=r.kind,
                who=plan.who,
                what=plan.what,
                due_on=r.due_on,
                done_at=r.done_at,
                evidence=text(bytes(r.evidence), key, table="remedy", row=uid, field="evidence"),
                person_view=r.person_view,
                person_comment=text(
                    bytes(r.person_comment), key, table="remedy", row=uid, field="person_comment"
                ),
            )
        )
    appeal = None
    row = Appeal.objects.filter(grievance=grievance).select_related("reviewer").first()
    if row is not None:
        uid = str(row.uid)
        appeal = OpenedAppeal(
            filed_on=row.filed_on,
            due=row.due,
            grounds=text(bytes(row.grounds), key, table="appeal", row=uid, field="grounds"),
            outcome=row.outcome,
            decided_at=row.decided_at,
            reasons=text(bytes(row.reasons), key, table="appeal", row=uid, field="reasons"),
            reviewer=row.reviewer.username if row.reviewer else "",
        )
    return OpenedGrievance(
        grievance=grievance,
        filing=sealed.open_filing(bytes(grievance.content), key, grievance.number),
        files=[_file(a, key) for a in attachments if a.message_id is None],
        messages=messages,
        moves=moves,
        remedies=remedies,
        appeal=appeal,
    )


def file_open(
    grievance: Grievance, uid: str, key: PrivateKey
) -> tuple[dict[str, Any], Iterator[bytes]]:
    """A file of `grievance`: its sealed metadata and a verified plaintext stream. Raises
    GrievanceAttachment.DoesNotExist for a uid that is not this grievance's."""
    item = GrievanceAttachment.objects.get(grievance=grievance, uid=uid)
    file_key = sealed.open_file_key(bytes(item.sealed_key), key, uid)
    meta = sealed.open_file_meta(bytes(item.meta), key, uid)
    return meta, files.stream_stored(uid, file_key)
