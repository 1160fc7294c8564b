"""One runner at a time for jobs that every host runs: the clocks' rounds and retention.

Each app server may run `rightsdesk cases watch` and the daily `rightsdesk cases retention`, so
that losing one host loses no clock. On PostgreSQL, a job takes a session-level advisory lock
named after it (`pg_try_advisory_lock`) for as long as it runs: the host that gets it does the
round, the others skip theirs (or wait a bounded time, see `wait`). A host that dies mid-round
loses its connection, and PostgreSQL frees the lock with it, so no lease or heartbeat is needed.

This is the outer guard. The inner one stays where the writes are: the deadline clock locks each
case row and re-reads it before paging (`deadlines._act`), and retention locks each case before
deleting it, so even two runners that both got through (a lock lost with a dropped connection
mid-round) page once and delete once.

On SQLite there is one machine and the lock is a no-op: SQLite's write lock (IMMEDIATE
transactions) serialises the writers, and the rows are re-read under it. Run one clock there.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import Error, connection

log = logging.getLogger(__name__)

# How often a runner that waits for the lock asks again.
POLL_SECONDS = 0.2


def lock_key(name: str) -> int:
    """The advisory lock's 64-bit key for job `name` (signed, as PostgreSQL's bigint is)."""
    digest = hashlib.sha256(f"rightsdesk.leader:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _try_lock(key: int, *, in_transaction: bool) -> bool:
    function = "pg_try_advisory_xact_lock" if in_transaction else "pg_try_advisory_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [key])
        row = cursor.fetchone()
    return bool(row and row[0])


def _unlock(key: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    except Error:
        # The connection is broken (the round failed with it): closing it frees the lock.
        log.warning("could not release the leader lock; closing the connection frees it")
        connection.close()


@contextmanager
def leader(name: str, *, wait: float = 0.0) -> Iterator[bool]:
    """Yield True while this process holds the lock for job `name`, False when another holds it.

    `wait`: seconds to keep trying before giving up (0: one try). The caller skips its work on
    False. Enter it outside any transaction: the lock is then the session's and spans the
    round's many transactions (one per case). Entered inside one (a test's, or a caller's own
    atomic block), it is that transaction's lock and is freed when the transaction ends.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    in_transaction = connection.in_atomic_block
    key = lock_key(name)
    deadline = time.monotonic() + wait
    held = _try_lock(key, in_transaction=in_transaction)
    while not held and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        held = _try_lock(key, in_transaction=in_transaction)
    if not held:
        log.debug("%s: another host holds the lock; skipping this round", name)
        yield False
        return
    try:
        yield True
    finally:
        if not in_transaction:
            _unlock(key)
