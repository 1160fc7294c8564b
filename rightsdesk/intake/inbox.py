"""The reporter's way back in: receipt login, idle-expiring sessions, sign-out.

A wrong receipt and an unknown receipt are the same thing here and cost the same Argon2id run, so
neither the answer nor its timing says whether a receipt ever existed. Failures are slowed by a
site-wide budget (no client is identified): past `RIGHTSDESK_RECEIPT_FAILURES_PER_HOUR` the
answers wait, which costs an attacker far more than a real reporter who types their receipt once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from nacl.public import PrivateKey

from rightsdesk.audit.services import audit_record
from rightsdesk.cases.models import Case, KeyWrap
from rightsdesk.cases.services import REPORTER, receipt_server_key
from rightsdesk.core import admission
from rightsdesk.core.refusals import Refused
from rightsdesk.core.tokens import new_token, open_for_token, seal_for_token, token_digest
from rightsdesk.crypto import (
    CryptoError,
    InvalidReceipt,
    ReceiptSecrets,
    derive_receipt_secrets,
    parse_receipt,
    receipt_keypair,
    unwrap_report_key,
)
from rightsdesk.intake.models import InboxSession

__all__ = [
    "Inbox",
    "ReceiptRejected",
    "derive_receipt_secrets",
    "inbox_login",
    "inbox_logout",
    "inbox_of",
    "inbox_open",
    "inbox_resume",
    "inbox_sweep",
    "receipt_derived",
    "receipt_refused",
]

PURPOSE = b"inbox-token"
# The inbox session's cookie, sent only to /inbox/ and below (pages of other pillars that act for
# the reporter live there too, e.g. the consent to a referral, and resume it with `inbox_of`).
COOKIE = "rd_inbox"
RECEIPT_REJECTED = _(
    "We could not open a report with that receipt. Check the digits and try again."
)
RECEIPT_MALFORMED = _("A receipt is 20 digits, as it was shown to you.")


class ReceiptRejected(Refused):
    """A wrong, unknown or malformed receipt: one answer for all (401 "receipt_rejected")."""

    status = 401
    code = "receipt_rejected"


@dataclass(frozen=True)
class Inbox:
    case: Case
    key: PrivateKey
    token: str


def _idle_deadline() -> datetime:
    return timezone.now() + timedelta(seconds=settings.RIGHTSDESK_INBOX_IDLE_SECONDS)


def receipt_derived(receipt: str) -> ReceiptSecrets:
    """The lookup and key pair seed of a typed receipt: one Argon2id run inside the site's
    expensive-work slots. Shared by every receipt sign-in (the inbox, a grievance's follow-up).
    Raises ReceiptRejected for a malformed receipt, or admission.Busy."""
    try:
        digits = parse_receipt(receipt)
    except InvalidReceipt:
        raise ReceiptRejected(RECEIPT_MALFORMED) from None
    with admission.expensive_work():
        return derive_receipt_secrets(
            digits, server_key=receipt_server_key(), params=settings.RIGHTSDESK_RECEIPT_KDF
        )


def receipt_refused() -> ReceiptRejected:
    """The one refusal for a wrong or unknown receipt, after waiting once the site-wide failure
    budget is spent (no client is identified). The caller raises it."""
    budget = admission.bucket(
        "receipt-failures", per_hour=settings.RIGHTSDESK_RECEIPT_FAILURES_PER_HOUR
    )
    if not budget.take():
        time.sleep(settings.RIGHTSDESK_RECEIPT_FAILURE_DELAY_SECONDS)
    return ReceiptRejected(RECEIPT_REJECTED)


def inbox_login(receipt: str) -> Inbox:
    """Open the report that `receipt` belongs to and start an inbox session.

    Raises ReceiptRejected (same message for wrong and unknown receipts) or admission.Busy.
    The web inbox uses `rightsdesk.intake.extensions.receipt_open`, which also opens what other
    pillars hold under a receipt (a grievance).
    """
    opened = inbox_open(receipt_derived(receipt))
    if opened is None:
        raise receipt_refused()
    return opened


def inbox_open(derived: ReceiptSecrets) -> Inbox | None:
    """The inbox of the report whose receipt gave `derived` (a new session), or None when no
    report has that receipt. The caller derived the secrets (`receipt_derived`) and, on None,
    refuses with `receipt_refused` once nothing else holds the receipt."""
    case = Case.objects.filter(receipt_lookup=derived.lookup.hex()).first()
    wrap = KeyWrap.objects.filter(case=case, kind=KeyWrap.Kind.RECEIPT).first() if case else None
    if case is None or wrap is None:
        return None
    try:
        key = unwrap_report_key(bytes(wrap.wrap), bytes(case.public_key), receipt_keypair(derived))
    except CryptoError:
        return None
    token = new_token()
    with transaction.atomic():
        InboxSession.objects.create(
            token_digest=token_digest(token),
            case=case,
            sealed_key=seal_for_token(token, PURPOSE, bytes(key)),
            expires_at=_idle_deadline(),
        )
        audit_record(
            actor=REPORTER,
            action="inbox.login",
            target_type="case",
            target_id=case.number,
            coarse_time=True,
        )
    return Inbox(case=case, key=key, token=token)


def inbox_resume(token: str) -> Inbox | None:
    """The inbox for `token` if its session is alive (and renewed), else None."""
    if not token or len(token) > 100:
        return None
    session = (
        InboxSession.objects.filter(token_digest=token_digest(token), expires_at__gt=timezone.now())
        .select_related("case")
        .first()
    )
    if session is None:
        return None
    raw = open_for_token(token, PURPOSE, bytes(session.sealed_key))
    if raw is None:
        return None
    InboxSession.objects.filter(pk=session.pk).update(expires_at=_idle_deadline())
    return Inbox(case=session.case, key=PrivateKey(raw), token=token)


def inbox_of(request: HttpRequest) -> Inbox | None:
    """The inbox of the request's cookie if its session is alive (and renewed), else None."""
    return inbox_resume(request.COOKIES.get(COOKIE, ""))


def inbox_logout(token: str) -> None:
    InboxSession.objects.filter(token_digest=token_digest(token)).delete()


def inbox_sweep() -> int:
    """Delete expired inbox sessions; returns how many."""
    deleted, _ = InboxSession.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
