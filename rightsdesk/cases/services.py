"""Writes on cases: submit, reply, follow up, set status, grant; and the audited reads.

Every function is atomic and writes its audit entry in the same transaction. Functions that need
a case key take it as an argument: the caller got it through `access.unlock_case` (staff) or the
reporter's inbox session (receipt), never from the request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.crisis.services import crisis_open
from rightsdesk.cases.editing import CaseEdit, case_edit
from rightsdesk.cases.models import Attachment, Case, KeyWrap, Message, Note
from rightsdesk.cases.oncall.deadlines import ack_due
from rightsdesk.cases.oncall.tasks import check_deadlines
from rightsdesk.cases.search.services import index_searchable, index_text, report_text, searchable
from rightsdesk.cases.submission.attachments import PreparedFile, discard_prepared
from rightsdesk.cases.submission.receipt_pool import take_receipt
from rightsdesk.cases.triage.selectors import propose_priority
from rightsdesk.cases.vocabulary import Channel
from rightsdesk.core import files
from rightsdesk.core.db import write_transaction
from rightsdesk.core.escrow import escrow_public_key
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import new_report_keypair, receipt_keypair, wrap_report_key

REPORTER = "reporter"
INTAKE = "system:intake"  # what the submission does on the team's behalf (the crisis, its lead)
_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


@dataclass(frozen=True)
class CaseMetadata:
    """The clear metadata of a new case (DESIGN.md section 3)."""

    threat_types: list[str]
    rights: list[str]
    country: str
    emergency: bool
    channel: str = Channel.WEB


@dataclass(frozen=True)
class SubmittedCase:
    case: Case
    receipt: str


@dataclass(frozen=True)
class OpenedMessage:
    uid: str
    direction: str
    author: str
    created_on: object
    body: str
    attachments: list[OpenedAttachment]


@dataclass(frozen=True)
class OpenedAttachment:
    uid: str
    meta: sealed.AttachmentMeta


@dataclass(frozen=True)
class OpenedNote:
    uid: str
    author: str
    created_on: object
    body: str


@dataclass(frozen=True)
class OpenedCase:
    case: Case
    report: sealed.ReportContent
    attachments: list[OpenedAttachment]
    messages: list[OpenedMessage]
    notes: list[OpenedNote]
    priority_reason: str = ""


def _new_number() -> str:
    # Random, not sequential: a sequence would tell anyone holding one number how many reports
    # the team receives.
    while True:
        number = "RD-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(8))
        if not Case.objects.filter(number=number).exists():
            return number


def receipt_server_key() -> bytes:
    return server_subkey(b"receipt-lookup")


def _store_attachments(
    case: Case, message: Message | None, prepared: Sequence[PreparedFile]
) -> None:
    today = timezone.now().date()
    for item in prepared:
        key, meta = sealed.seal_attachment(item.meta, item.key, bytes(case.public_key), item.uid)
        Attachment.objects.create(
            case=case,
            message=message,
            uid=item.uid,
            created_on=today,
            stored_size=item.stored_size,
            sealed_key=key,
            meta=meta,
        )


def case_submit(
    *,
    report: sealed.ReportContent,
    metadata: CaseMetadata,
    prepared: Sequence[PreparedFile],
    claim: Callable[[], None] | None = None,
    opened_by: User | None = None,
) -> SubmittedCase:
    """Store a new report and return its receipt, which exists nowhere else.

    `opened_by`: a team member opening the case on someone's behalf (from the wikis' queue):
    the audit names them instead of "reporter", and they are granted the case with the handlers
    even when they are not a handler (an admin), so whoever opens a case can read it.

    The receipt is returned only after the transaction commits (a crash before that leaves no
    case and no receipt; orphaned ciphertext files are swept). Every active handler is granted
    the case until casework brings assignment. On failure the prepared files are deleted.

    `claim` runs first inside the write transaction (the report form spends its single-use ticket
    there): what it writes commits with the case or not at all, and if it raises, nothing is
    stored and the exception reaches the caller.
    """
    receipt, derived = take_receipt()
    report_key = new_report_keypair()
    public = bytes(report_key.public_key)
    now = timezone.now()
    today = now.date()
    proposal = propose_priority(
        report=report, threat_types=metadata.threat_types, emergency=metadata.emergency
    )
    report_searchable = searchable(report_text(report))
    try:
        with write_transaction():
            if claim is not None:
                claim()
            number = _new_number()
            case = Case.objects.create(
                number=number,
                created_on=today,
                updated_on=today,
                channel=metadata.channel,
                emergency=metadata.emergency,
                threat_types=sorted(set(metadata.threat_types)),
                rights=sorted(set(metadata.rights)),
                country=metadata.country,
                public_key=public,
                receipt_lookup=derived.lookup.hex(),
                content=sealed.seal_report(report, public, number),
                priority=proposal.priority,
                priority_reason_sealed=sealed.seal_priority_reason(
                    "; ".join(proposal.reasons), public, number
                ),
                ack_due=ack_due(proposal.priority, now),
            )
            receipt_public = receipt_keypair(derived).public_key
            wraps = [
                KeyWrap(
                    case=case,
                    kind=KeyWrap.Kind.RECEIPT,
                    recipient_public_key=bytes(receipt_public),
                    wrap=wrap_report_key(report_key, receipt_public),
                )
            ]
            escrow = escrow_public_key()
            if escrow is not None:
                wraps.append(
                    KeyWrap(
                        case=case,
                        kind=KeyWrap.Kind.ESCROW,
                        recipient_public_key=bytes(escrow),
                        wrap=wrap_report_key(report_key, escrow),
                    )
                )
            handlers = list(
                User.objects.filter(role=User.Role.HANDLER, is_active=True).select_related(
                    "keyring"
                )
            )
            if opened_by is not None and opened_by.pk not in {h.pk for h in handlers}:
                handlers.append(User.objects.select_related("keyring").get(pk=opened_by.pk))
            for handler in handlers:
                handler_public = PublicKey(bytes(handler.keyring.public_key))
                wraps.append(
                    KeyWrap(
                        case=case,
                        kind=KeyWrap.Kind.USER,
                        user=handler,
                        recipient_public_key=bytes(handler_public),
                        wrap=wrap_report_key(report_key, handler_public),
                    )
                )
            KeyWrap.objects.bulk_create(wraps)
            index_searchable(case=case, text=report_searchable, readers=handlers)
            _store_attachments(case, None, prepared)
            audit_record(
                actor=REPORTER if opened_by is None else actor_label(opened_by),
                action="case.submit",
                target_type="case",
                target_id=number,
                coarse_time=True,
            )
            if proposal.priority == "P1":
                # Open the crisis here, where the case key exists: its incident lead is given
                # access in this same transaction (the deadline clock, later, has no key).
                crisis_open(case=case, now=now, actor=INTAKE, case_key=report_key)
                # Page the on-call handler now, not at the watcher's next round.
                transaction.on_commit(check_deadlines.enqueue)
    except BaseException:
        discard_prepared(prepared)
        raise
    return SubmittedCase(case=case, receipt=receipt)


def message_post(
    *, case: Case, body: str, author: User | None, prepared: Sequence[PreparedFile] = ()
) -> Message:
    """Add a message to a case: from the reporter when `author` is None, else from the team.

    Needs no case key: content is sealed to the case's public key.
    """
    direction = Message.Direction.FROM_TEAM if author else Message.Direction.FROM_REPORTER
    body_searchable = searchable(body)
    try:
        with write_transaction():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            last = locked.messages.aggregate(top=Max("seq"))["top"] or 0
            message = Message(
                case=locked,
                seq=last + 1,
                direction=direction,
                author=author,
                created_on=timezone.now().date(),
            )
            message.body = sealed.seal_message(body, bytes(locked.public_key), str(message.uid))
            message.save()
            index_searchable(case=locked, text=body_searchable)
            _store_attachments(locked, message, prepared)
            locked.updated_on = timezone.now().date()
            locked.save(update_fields=["updated_on"])
            audit_record(
                actor=actor_label(author) if author else REPORTER,
                action="case.message",
                target_type="case",
                target_id=locked.number,
                coarse_time=author is None,
            )
    except BaseException:
        discard_prepared(prepared)
        raise
    return message


def _open_attachments(rows: Sequence[Attachment], key: PrivateKey) -> list[OpenedAttachment]:
    return [
        OpenedAttachment(
            uid=str(row.uid), meta=sealed.open_attachment_meta(bytes(row.meta), key, str(row.uid))
        )
        for row in rows
    ]


def case_open(*, case: Case, key: PrivateKey, actor: User | None) -> OpenedCase:
    """Decrypt a case for reading and audit the read (reporter when `actor` is None).

    Raises rightsdesk.crypto.CryptoError if a ciphertext was tampered with.
    """
    attachments = list(case.attachments.all())
    messages = []
    for message in case.messages.select_related("author"):
        own = [a for a in attachments if a.message_id == message.pk]
        messages.append(
            OpenedMessage(
                uid=str(message.uid),
                direction=message.direction,
                author=message.author.username if message.author else "",
                created_on=message.created_on,
                body=sealed.open_message(bytes(message.body), key, str(message.uid)),
                attachments=_open_attachments(own, key),
            )
        )
    notes = (
        []
        if actor is None
        else [  # internal: never opened for the reporter
            OpenedNote(
                uid=str(note.uid),
                author=note.author.username if note.author else "",
                created_on=note.created_on,
                body=sealed.open_note(bytes(note.body), key, str(note.uid)),
            )
            for note in case.notes.select_related("author")
        ]
    )
    opened = OpenedCase(
        case=case,
        report=sealed.open_report(bytes(case.content), key, case.number),
        attachments=_open_attachments([a for a in attachments if a.message_id is None], key),
        messages=messages,
        notes=notes,
        priority_reason=sealed.open_priority_reason(
            bytes(case.priority_reason_sealed), key, case.number
        ),
    )
    audit_record(
        actor=actor_label(actor) if actor else REPORTER,
        action="case.read",
        target_type="case",
        target_id=case.number,
        coarse_time=actor is None,
    )
    return opened


def attachment_open(
    *, case: Case, uid: str, key: PrivateKey, actor: User | None
) -> tuple[sealed.AttachmentMeta, Iterator[bytes]]:
    """Metadata and a verified plaintext stream of one attachment of `case`; audited.

    Raises Attachment.DoesNotExist when `uid` is not an attachment of this case.
    """
    row = case.attachments.get(uid=uid)
    meta = sealed.open_attachment_meta(bytes(row.meta), key, uid)
    file_key = sealed.open_attachment_key(bytes(row.sealed_key), key, uid)
    audit_record(
        actor=actor_label(actor) if actor else REPORTER,
        action="attachment.read",
        target_type="attachment",
        target_id=uid,
        coarse_time=actor is None,
    )
    return meta, files.stream_stored(uid, file_key)


def note_add(*, case: Case, author: User, body: str) -> Note:
    """An internal note, sealed to the case (needs no case key); audited without content."""
    with write_transaction():
        note = Note(case=case, author=author, created_on=timezone.now().date())
        note.body = sealed.seal_note(body, bytes(case.public_key), str(note.uid))
        note.save()
        index_text(case=case, text=body)
        audit_record(
            actor=actor_label(author), action="case.note", target_type="case", target_id=case.number
        )
    return note


def case_set_legal_hold(*, case: Case, hold: bool, actor: str) -> None:
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(legal_hold=hold)
        audit_record(
            actor=actor,
            action=f"case.legal_hold.{'on' if hold else 'off'}",
            target_type="case",
            target_id=case.number,
        )
    case.legal_hold = hold


def case_assign_to(
    *, case: Case, assignee: User, actor: User, case_key: PrivateKey | None = None
) -> Case:
    """Make `assignee` responsible for `case` ("assign to me"); returns the updated case.

    Goes through `case_edit` from the version `case` was loaded at, so it has the same checks
    (an assignee who cannot read the case is given access with `case_key`, else refused), the
    same optimistic lock and the same audit entry (`case.edit.assignee`). Raises EditRefused or
    StaleEdit; nothing changes.
    """
    return case_edit(
        case=case,
        edit=CaseEdit(version=case.version, assignee=assignee),
        actor=actor,
        case_key=case_key,
    )
