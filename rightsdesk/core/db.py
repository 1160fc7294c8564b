"""Serialising writers in-process on SQLite.

SQLite allows one writer at a time; a second one waits in SQLite's busy handler, which sleeps in
growing steps (up to 100 ms) instead of waking when the lock frees. Under a burst of reports those
sleeps, not the work, made the latency. Writers in one process therefore queue on a Python lock
first (woken the moment it frees). PostgreSQL needs no such thing: the lock is a no-op there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

# Reentrant: `transaction.atomic()` runs its on-commit callbacks while this lock is still held (the
# lock is released after the atomic block exits), and a callback that writes (the follow-up
# message after a referral's outcome) enters `write_transaction` again in the same thread. With a
# plain Lock that second entry waited for itself forever.
_sqlite_writer = threading.RLock()


@contextmanager
def write_transaction() -> Iterator[None]:
    """`transaction.atomic()`, entered one writer at a time when the database is SQLite."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _sqlite_writer, transaction.atomic():
        yield
