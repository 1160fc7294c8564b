"""Retention: cases past their status's retention period are deleted so that nothing remains
decryptable. Deletion removes every key wrap (nobody can unwrap the case key any more), every
attachment file on disk and every row with ciphertext; the audit log keeps that it happened.
A legal hold suspends deletion. Periods are per status, in days
(settings.RIGHTSDESK_RETENTION_DAYS).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from rightsdesk.audit.services import audit_record
from rightsdesk.cases.models import Case
from rightsdesk.core import files


def case_delete(*, case: Case, actor: str, reason: str) -> None:
    """Delete a case and all its ciphertext; audit the deletion (number and reason, no content)."""
    uids = [str(uid) for uid in case.attachments.values_list("uid", flat=True)]
    number = case.number
    with transaction.atomic():
        case.delete()  # cascades: wraps, messages, notes, attachments, inbox sessions
        audit_record(
            actor=actor, action=f"case.delete.{reason}", target_type="case", target_id=number
        )
        transaction.on_commit(lambda: _remove_files(uids))


def _remove_files(uids: list[str]) -> None:
    for uid in uids:
        files.remove_stored(uid)


def due_for_deletion(today: date) -> list[Case]:
    due = []
    for status, days in settings.RIGHTSDESK_RETENTION_DAYS.items():
        cutoff = today - timedelta(days=days)
        due += list(Case.objects.filter(status=status, updated_on__lt=cutoff, legal_hold=False))
    return due


def retention_apply(*, today: date) -> list[str]:
    """Delete every case past its retention period; returns the deleted case numbers."""
    deleted = []
    for case in due_for_deletion(today):
        deleted.append(case.number)
        case_delete(case=case, actor="system:retention", reason="retention")
    return deleted
