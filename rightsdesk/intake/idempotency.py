"""Idempotency keys for the API's report filing (`Idempotency-Key`, as in the IETF HTTPAPI
draft "The Idempotency-Key HTTP Header Field").

A client whose connection breaks after sending a report cannot know whether it was filed: sending
it again files it twice, and not sending it may lose it. With a key (random, at least 128 bits,
new for each report) the first request files the report and spends the key in the case's own
transaction, like the report form's ticket; the same key again within `REPLAY_SECONDS` answers the
same receipt, and later, or while the first request is still running, a clear "already sent".

The receipt is kept for those minutes sealed under a key derived from the client's key and the
server's `api-replay` sub-key together: the database alone does not open it, nor the server key
without the client's key. Only a digest of the key is stored. The web form does not replay: a
receipt shown again to whoever refreshes the page would be shown to whoever holds the device.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from rightsdesk.core.db import write_transaction
from rightsdesk.core.refusals import Refused
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import bind, secretbox
from rightsdesk.crypto.errors import DecryptionError, MalformedCiphertext
from rightsdesk.intake.models import SpentTicket
from rightsdesk.intake.tickets import MAX_AGE, TicketSpent

HEADER = "Idempotency-Key"
# base64url or hex of at least 16 random bytes; at most 128 characters.
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,128}")
REPLAY_SECONDS = 10 * 60


class KeyRefused(Refused):
    """The Idempotency-Key header is not one the server can use. Nothing was stored."""

    status = 400
    code = "invalid"

    def __init__(self) -> None:
        super().__init__(
            _(
                "The Idempotency-Key header must be 22 to 128 letters, digits, '-' or '_' "
                "(at least 16 random bytes, new for each report)."
            )
        )


def parse_key(header: str | None) -> str | None:
    """The client's key, None when it sent none; KeyRefused when it is malformed."""
    if header is None:
        return None
    if not KEY_SHAPE.fullmatch(header):
        raise KeyRefused
    return header


def _digest(key: str) -> str:
    # A prefix of its own: a key can never collide with a report form ticket's digest.
    return hashlib.sha256(b"api-idempotency-key\0" + key.encode("ascii")).hexdigest()


def _box_key(key: str) -> bytes:
    return blake2b(
        key.encode("ascii"), digest_size=32, key=server_subkey(b"api-replay"), encoder=RawEncoder
    )


def _aad(digest: str) -> bytes:
    return bind(table="intake_spentticket", row=digest, field="sealed_receipt")


def forget_expired_receipts() -> int:
    """Empty every sealed receipt past its replay window; how many were emptied."""
    return SpentTicket.objects.filter(replay_until__lt=timezone.now()).update(
        sealed_receipt=b"", replay_until=None
    )


def spend_key(key: str) -> None:
    """Mark `key` used; TicketSpent if it already is. Call inside the transaction that stores
    the report (as `case_submit`'s claim), so the key and the case commit or roll back
    together; a concurrent request with the same key waits on the unique digest and then gets
    TicketSpent."""
    forget_expired_receipts()
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the refusal
            SpentTicket.objects.create(digest=_digest(key), expires_at=timezone.now() + MAX_AGE)
    except IntegrityError:
        raise TicketSpent from None


def keep_receipt(key: str, receipt: str) -> None:
    """After the report committed: keep its receipt for the replay window, sealed."""
    digest = _digest(key)
    sealed = secretbox.encrypt(receipt.encode("ascii"), _box_key(key), _aad(digest))
    with write_transaction():
        SpentTicket.objects.filter(digest=digest).update(
            sealed_receipt=sealed, replay_until=timezone.now() + timedelta(seconds=REPLAY_SECONDS)
        )


def receipt_again(key: str) -> str | None:
    """The receipt of the report `key` filed, within the replay window; None otherwise (the
    report is being filed right now, the window has passed, or the key filed nothing)."""
    forget_expired_receipts()
    digest = _digest(key)
    row = SpentTicket.objects.filter(digest=digest, replay_until__gte=timezone.now()).first()
    if row is None or not row.sealed_receipt:
        return None
    try:
        return secretbox.decrypt(bytes(row.sealed_receipt), _box_key(key), _aad(digest)).decode()
    except (DecryptionError, MalformedCiphertext, UnicodeDecodeError):
        return None
