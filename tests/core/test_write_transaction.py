"""rightsdesk.core.db.write_transaction: a callback run on commit may write again.

`transaction.atomic()` runs on-commit callbacks while the SQLite writer lock is still held; a
callback that writes (the follow-up message after a referral's outcome) enters the lock again
from the same thread. With a non-reentrant lock that waited for itself forever (found by the
referral browser test: the partner's "Report completed" never answered).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from rightsdesk.audit.models import AuditEntry
from rightsdesk.audit.services import audit_record
from rightsdesk.core.db import write_transaction


def _write(action: str) -> None:
    with write_transaction():
        audit_record(actor="system:test", action=action)


def _outer() -> None:
    try:
        with write_transaction():
            audit_record(actor="system:test", action="test.outer")
            transaction.on_commit(lambda: _write("test.after_commit"))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_callback_on_commit_may_write_again() -> None:
    worker = threading.Thread(target=_outer, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the on-commit write waited for the writer lock forever"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"test.outer", "test.after_commit"} <= actions
