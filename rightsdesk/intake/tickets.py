"""Form tickets: a signed nonce handed out with the first step of the report form.

They stop a refreshed receipt page from filing the same report twice, and make a bot that posts
straight to the last step wait at least as long as a person filling the form would
(`RIGHTSDESK_MIN_FILL_SECONDS`). A ticket names no one; the spent list keeps only digests of
nonces, and only for a day.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.db import IntegrityError
from django.utils import timezone

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


def spend_ticket(ticket: str) -> None:
    """Mark `ticket` used; forget tickets older than a day while at it."""
    SpentTicket.objects.filter(expires_at__lt=timezone.now()).delete()
    with contextlib.suppress(IntegrityError):  # spent twice at once: once is enough
        SpentTicket.objects.create(digest=_digest(ticket), expires_at=timezone.now() + MAX_AGE)
