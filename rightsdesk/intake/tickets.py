"""Form tickets: a signed nonce handed out with the first step of the report form.

They stop a refreshed receipt page or a double click from filing the same report twice, and make a
bot that posts straight to the last step wait at least as long as a person filling the form would
(`RIGHTSDESK_MIN_FILL_SECONDS`). `check_ticket` is only the early answer; the ticket is spent by
`spend_ticket` inside the transaction that stores the case, so of two sends at once exactly one
files a case (the unique digest decides) and the other is refused with nothing stored. A ticket
names no one; the spent list keeps only digests of nonces, and only for a day.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.core.refusals import Refused
from rightsdesk.intake.models import SpentTicket

SALT = "rightsdesk.intake.ticket"
MAX_AGE = timedelta(days=1)


class TicketState(StrEnum):
    OK = "ok"
    INVALID = "invalid"
    TOO_FAST = "too_fast"
    SPENT = "spent"


def issue_ticket() -> str:
    return signing.dumps({"n": secrets.token_urlsafe(16), "t": int(time.time())}, salt=SALT)


def _digest(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8", "replace")).hexdigest()


def check_ticket(ticket: str) -> TicketState:
    """Whether `ticket` may be used to send a report now (does not spend it)."""
    try:
        payload = signing.loads(ticket, salt=SALT, max_age=MAX_AGE)
        issued = int(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TicketState.INVALID
    if time.time() - issued < settings.RIGHTSDESK_MIN_FILL_SECONDS:
        return TicketState.TOO_FAST
    if SpentTicket.objects.filter(digest=_digest(ticket)).exists():
        return TicketState.SPENT
    return TicketState.OK


class TicketSpent(Refused):
    """The ticket was already used to send a report (or is being used right now)."""

    status = 409
    code = "already_sent"

    def __init__(self) -> None:
        super().__init__(_("This report was already sent"))


def spend_ticket(ticket: str) -> None:
    """Mark `ticket` used; raises TicketSpent if it already is. Forgets day-old tickets.

    Call inside the transaction that stores the report: the insert of the digest and the case
    commit or roll back together. A concurrent send of the same ticket waits on the unique digest
    (PostgreSQL) or on the single writer (SQLite) and then gets TicketSpent.
    """
    SpentTicket.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the refusal
            SpentTicket.objects.create(digest=_digest(ticket), expires_at=timezone.now() + MAX_AGE)
    except IntegrityError:
        raise TicketSpent from None
