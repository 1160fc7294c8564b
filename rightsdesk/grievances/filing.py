"""Filing a grievance: the public side's one write that creates one, with its receipt.

Built on the intake's secure channel: the same receipts (pool and derivation), the same file
cleaning and encrypting upload path, the same site-wide budgets and single-use form tickets. What
differs is routing: a grievance is wrapped only to the people allowed to handle grievances, and
never to a handler it names (they get a recusal instead, so that no later grant reaches them).
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import audit_record
from rightsdesk.cases.submission.attachments import (
    AttachmentRefused,
    PreparedFile,
    discard_prepared,
    prepare_uploads,
)
from rightsdesk.cases.submission.receipt_pool import take_receipt
from rightsdesk.core import admission
from rightsdesk.core.db import write_transaction
from rightsdesk.core.escrow import escrow_public_key
from rightsdesk.core.files import SpooledUpload
from rightsdesk.crypto import new_report_keypair, receipt_keypair, wrap_report_key
from rightsdesk.grievances import content as sealed
from rightsdesk.grievances import stages
from rightsdesk.grievances.models import (
    Grievance,
    GrievanceAttachment,
    GrievanceMessage,
    GrievanceWrap,
    Recusal,
)
from rightsdesk.grievances.selectors import handlers, named_in, reviewers
from rightsdesk.grievances.vocabulary import Channel, Stage

PERSON = "grievant"  # how the audit log names the person who filed (never who they are)
_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32


@dataclass(frozen=True)
class FilingMetadata:
    """The clear metadata of a new grievance (docs/security/crypto.md, "Grievances")."""

    category: str
    concerns: str
    language: str
    channel: str = Channel.WEB


@dataclass(frozen=True)
class Filed:
    grievance: Grievance
    receipt: str


def _new_number() -> str:
    # Random, not sequential: a sequence would tell a holder of one number how many there are.
    while True:
        number = "GR-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(8))
        if not Grievance.objects.filter(number=number).exists():
            return number


def check_disk(uploads: Sequence[SpooledUpload]) -> None:
    """Refuse files (not the grievance) when the disk would drop below the configured floor."""
    if not uploads:
        return
    free = shutil.disk_usage(settings.FILES_DIR).free
    needed = sum(upload.size or 0 for upload in uploads) * 2  # cleaning may write a second copy
    if free - needed < settings.RIGHTSDESK_MIN_FREE_DISK_BYTES:
        raise AttachmentRefused(
            _("We cannot take files right now. Send it without files; you can add them later.")
        )


def store_attachments(
    grievance: Grievance,
    message: GrievanceMessage | None,
    prepared: Sequence[PreparedFile],
) -> None:
    """Rows for files already encrypted to the store; their keys and names sealed to the
    grievance. Call inside the transaction that stores what they belong to."""
    today = timezone.now().date()
    public = bytes(grievance.public_key)
    for item in prepared:
        GrievanceAttachment.objects.create(
            grievance=grievance,
            message=message,
            uid=item.uid,
            created_on=today,
            stored_size=item.stored_size,
            sealed_key=sealed.seal_file_key(item.key, public, item.uid),
            meta=sealed.seal_file_meta(asdict(item.meta), public, item.uid),
        )


def _wrap(grievance: Grievance, key: PrivateKey, user: User) -> GrievanceWrap:
    public = PublicKey(bytes(user.keyring.public_key))
    return GrievanceWrap(
        grievance=grievance,
        kind=GrievanceWrap.Kind.USER,
        user=user,
        recipient_public_key=bytes(public),
        wrap=wrap_report_key(key, public),
    )


def wrap_to(grievance: Grievance, key: PrivateKey, user: User) -> None:
    """Give `user` a wrap of the grievance key (kept if they already hold one). Call inside a
    transaction, with the key from the gate or the person's session, after checking `user` may
    read it (not recused)."""
    if not GrievanceWrap.objects.filter(
        grievance=grievance, user=user, kind=GrievanceWrap.Kind.USER
    ).exists():
        _wrap(grievance, key, user).save()


def route(grievance: Grievance, key: PrivateKey, filing: sealed.Filing, today: date) -> int:
    """Wrap the grievance key to every handler it does not name; record the named ones as
    recused. With every handler named, the independent reviewers who are not named read it
    instead. Returns how many readers. Call inside the filing transaction."""
    text = "\n".join(
        (
            filing.people_named,
            filing.what_happened,
            filing.affected,
            filing.concerns_detail,
            filing.remedy_sought,
        )
    )
    everyone = list(handlers().select_related("keyring"))
    named = named_in(text, everyone + list(reviewers().select_related("keyring")))
    named_ids = {user.pk for user in named}
    for user in named:
        Recusal.objects.get_or_create(
            grievance=grievance, user=user, defaults={"kind": Recusal.Kind.NAMED, "on": today}
        )
    readers = [user for user in everyone if user.pk not in named_ids]
    if not readers:
        readers = [u for u in reviewers().select_related("keyring") if u.pk not in named_ids]
    GrievanceWrap.objects.bulk_create([_wrap(grievance, key, user) for user in readers])
    return len(readers)


def grievance_file(
    *,
    filing: sealed.Filing,
    metadata: FilingMetadata,
    uploads: Sequence[SpooledUpload],
    keep_uncleaned: bool,
    claim: Callable[[], None] | None = None,
    now: datetime | None = None,
) -> Filed:
    """Store a new grievance and return its receipt, which exists nowhere else.

    Raises admission.Busy (nothing stored), AttachmentRefused, or whatever `claim` raises (the
    form spends its ticket there, inside the transaction, so a double submit files once). The
    receipt is returned only after the commit; on failure the prepared files are deleted.
    """
    budget = admission.bucket("grievances", per_hour=settings.RIGHTSDESK_REPORTS_PER_HOUR)
    if not budget.take():
        raise admission.Busy
    check_disk(uploads)
    with admission.expensive_work():
        prepared = prepare_uploads(uploads, keep_uncleaned=keep_uncleaned)
        receipt, derived = take_receipt()
    key = new_report_keypair()
    public = bytes(key.public_key)
    now = now or timezone.now()
    today = now.date()
    # The first stage starts at midnight UTC of the filing day: no exact minute is kept.
    started = now.replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        with write_transaction():
            if claim is not None:
                claim()
            number = _new_number()
            grievance = Grievance.objects.create(
                number=number,
                filed_on=today,
                channel=metadata.channel,
                language=metadata.language[:8],
                anonymous=not filing.contact.strip(),
                category=metadata.category,
                concerns=metadata.concerns,
                stage=Stage.RECEIVED,
                stage_started_at=started,
                stage_due=stages.stage_due(Stage.RECEIVED, started),
                public_key=public,
                receipt_lookup=derived.lookup.hex(),
                content=sealed.seal_filing(filing, public, number),
            )
            receipt_public = receipt_keypair(derived).public_key
            wraps = [
                GrievanceWrap(
                    grievance=grievance,
                    kind=GrievanceWrap.Kind.RECEIPT,
                    recipient_public_key=bytes(receipt_public),
                    wrap=wrap_report_key(key, receipt_public),
                )
            ]
            escrow = escrow_public_key()
            if escrow is not None:
                wraps.append(
                    GrievanceWrap(
                        grievance=grievance,
                        kind=GrievanceWrap.Kind.ESCROW,
                        recipient_public_key=bytes(escrow),
                        wrap=wrap_report_key(key, escrow),
                    )
                )
            GrievanceWrap.objects.bulk_create(wraps)
            route(grievance, key, filing, today)
            store_attachments(grievance, None, prepared)
            audit_record(
                actor=PERSON,
                action="grievance.file",
                target_type="grievance",
                target_id=number,
                coarse_time=True,
            )
    except BaseException:
        discard_prepared(prepared)
        raise
    return Filed(grievance=grievance, receipt=receipt)
