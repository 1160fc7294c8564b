"""Writing the audit log. Only services call this, inside their own transaction.

Because the entry is written in the caller's transaction, an action and its audit entry commit or
roll back together: there is no audited action that did not happen, and no action without entry.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import connection, transaction
from django.utils import timezone

from rightsdesk.audit.chain import GENESIS, entry_mac
from rightsdesk.audit.models import AuditEntry

# Arbitrary constant naming the PostgreSQL advisory lock that serialises appends.
_APPEND_LOCK = 0x72_64_61_75_64_69_74  # "rdaudit"


class _HasPk(Protocol):
    pk: Any


def actor_label(user: _HasPk | None, *, system: str | None = None) -> str:
    """How an actor is named in the log: a user id, or a named system actor."""
    if user is not None:
        return f"user:{user.pk}"
    return f"system:{system}" if system else "anonymous"


def audit_record(
    *,
    actor: str,
    action: str,
    target_type: str = "",
    target_id: object = "",
    coarse_time: bool = False,
) -> AuditEntry:
    """Append one entry. Never pass content (text a person typed, names, contacts) here.

    `coarse_time` records the day only (midnight UTC): for a reporter's actions, whose exact
    minute could be matched against a network observer's log (threat 3).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "mac").first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = timezone.now()
        if coarse_time:
            at = at.replace(hour=0, minute=0, second=0, microsecond=0)
        fields = {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "target_type": target_type,
            "target_id": str(target_id),
            "prev_mac": prev,
        }
        entry = AuditEntry(**fields, mac=entry_mac(**fields))  # type: ignore[arg-type]
        entry.save(force_insert=True)
        return entry
