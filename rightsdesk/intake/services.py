"""Writes on the public side: send a report, send a follow-up. Views call only these.

Both take uploads already encrypted by the upload handler and either store everything or nothing.
Site-wide limits protect the service from floods without identifying anyone (docs/security/
threat-model.md, "Floods").
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from functools import partial

from django.conf import settings
from django.utils.translation import gettext as _

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Message
from rightsdesk.cases.services import CaseMetadata, SubmittedCase, case_submit, message_post
from rightsdesk.cases.submission.attachments import AttachmentRefused, prepare_uploads
from rightsdesk.core import admission
from rightsdesk.core.files import SpooledUpload
from rightsdesk.intake import admit, idempotency, tickets
from rightsdesk.intake.inbox import Inbox


def _check_disk(uploads: Sequence[SpooledUpload]) -> None:
    """Refuse files (not reports) when the disk would drop below the configured floor."""
    if not uploads:
        return
    free = shutil.disk_usage(settings.FILES_DIR).free
    needed = sum(upload.size or 0 for upload in uploads) * 2  # cleaning may write a second copy
    if free - needed < settings.RIGHTSDESK_MIN_FREE_DISK_BYTES:
        raise AttachmentRefused(
            _(
                "We cannot take files right now. Send your report without files; you can add "
                "them later from your inbox."
            )
        )


def report_send(
    *,
    report: ReportContent,
    metadata: CaseMetadata,
    uploads: Sequence[SpooledUpload],
    keep_uncleaned: bool,
    ticket: str = "",
    idempotency_key: str = "",
    effort: int = 0,
) -> SubmittedCase:
    """File a report. Raises admit.ReportsBusy (nothing stored; says when to try again),
    AttachmentRefused, or tickets.TicketSpent when `ticket` (the report form's) or
    `idempotency_key` (an API client's, rightsdesk.intake.idempotency) was already used: either
    is spent in the case's own transaction, so a double submit files one case; the API answers a
    replayed key before calling this. `effort`: what effort.verified_effort proved for `ticket`
    (0: none); it passes an exhausted budget and goes first for a slot (rightsdesk.intake.admit)."""
    _check_disk(uploads)
    with admit.admitted(ticket=ticket, effort=effort):
        prepared = prepare_uploads(uploads, keep_uncleaned=keep_uncleaned)
        return case_submit(
            report=report,
            metadata=metadata,
            prepared=prepared,
            claim=_claim(ticket, idempotency_key),
        )


def _claim(ticket: str, idempotency_key: str) -> Callable[[], None] | None:
    if ticket:
        return partial(tickets.spend_ticket, ticket)
    if idempotency_key:
        return partial(idempotency.spend_key, idempotency_key)
    return None


def followup_send(
    *, inbox: Inbox, body: str, uploads: Sequence[SpooledUpload], keep_uncleaned: bool
) -> Message:
    """A reporter's follow-up message (and files) on their own case."""
    budget = admission.bucket("followups", per_hour=settings.RIGHTSDESK_REPORTS_PER_HOUR * 2)
    if not budget.take():
        raise admission.Busy
    _check_disk(uploads)
    with admission.expensive_work():
        prepared = prepare_uploads(uploads, keep_uncleaned=keep_uncleaned)
    return message_post(case=inbox.case, body=body, author=None, prepared=prepared)
