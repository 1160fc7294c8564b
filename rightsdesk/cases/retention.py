"""Retention: cases past their status's retention period are deleted so that nothing remains
decryptable. Deletion removes every key wrap (nobody can unwrap the case key any more), every
attachment file on disk and every row with ciphertext; the audit log keeps that it happened.
A legal hold suspends deletion. Periods are per status, in days
(settings.RIGHTSDESK_RETENTION_DAYS).

Every host may run the daily job: on PostgreSQL one runs it at a time (a leader lock,
`rightsdesk.core.leader`), and each case is locked and checked again just before it is deleted,
so a case is deleted (and its deletion audited) once, and a legal hold set while the job runs is
respected.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from rightsdesk.audit.services import audit_record
from rightsdesk.cases.models import Case
from rightsdesk.core import files
from rightsdesk.core.budgets import budgets_sweep
from rightsdesk.core.leader import leader


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


def _past_retention(today: date) -> Q:
    due = Q(pk__in=[])
    for status, days in settings.RIGHTSDESK_RETENTION_DAYS.items():
        due |= Q(status=status, updated_on__lt=today - timedelta(days=days))
    return due & Q(legal_hold=False)


def due_for_deletion(today: date) -> list[Case]:
    return list(Case.objects.filter(_past_retention(today)).order_by("pk"))


class RetentionBusy(Exception):
    """Another host is applying retention right now; this run did nothing."""


def retention_apply(*, today: date) -> list[str]:
    """Delete every case past its retention period; returns the deleted case numbers.

    Raises RetentionBusy when another host holds the job's lock (PostgreSQL). Call outside any
    transaction.
    """
    with leader("retention") as held:
        if not held:
            raise RetentionBusy
        deleted = []
        for candidate in due_for_deletion(today):
            with transaction.atomic():
                # Locked and checked again: deleted by another run, put on hold or reopened since.
                case = (
                    Case.objects.select_for_update()
                    .filter(_past_retention(today), pk=candidate.pk)
                    .first()
                )
                if case is None:
                    continue
                case_delete(case=case, actor="system:retention", reason="retention")
            deleted.append(case.number)
        # The admission budgets that are full again: their rows say nothing a missing row would not.
        budgets_sweep()
        return deleted
