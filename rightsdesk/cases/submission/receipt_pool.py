"""Receipts derived ahead of time, in memory only, so a burst of reports does not queue on Argon2.

Each new report needs a receipt and its slow derivation (one Argon2id run, about 0.1 s of a core
at production cost). On a small server a burst of reporters would queue behind each other; a
background thread therefore keeps up to `RIGHTSDESK_RECEIPT_POOL` fresh receipts derived while
the service is idle. They exist only in this process's memory (never on disk, never logged), each
is handed out once, and the pool is lost on restart, which costs nothing. When the pool is empty,
a receipt is derived inline as before. Threat note: someone who can read the server's memory can
read pooled receipts before they are used, but such an attacker also sees every receipt as it is
issued: the pool adds no new exposure (docs/security/threat-model.md).
"""

from __future__ import annotations

import collections
import contextlib
import os
import threading
import time

from django.conf import settings

from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import ReceiptSecrets, derive_receipt_secrets, new_receipt

_lock = threading.Lock()

_ready: collections.deque[tuple[str, ReceiptSecrets]] = collections.deque()

_wake = threading.Event()

_filler: threading.Thread | None = None

_last_taken = 0.0

# The filler works only after this long without a report: during a burst it must not take a core
# (and memory bandwidth) from the requests it exists to speed up.
QUIET_SECONDS = 0.5


def derive_fresh() -> tuple[str, ReceiptSecrets]:
    """A new receipt and its secrets, derived now (slow)."""
    receipt = new_receipt()
    return receipt, derive_receipt_secrets(
        receipt, server_key=server_subkey(b"receipt-lookup"), params=settings.RIGHTSDESK_RECEIPT_KDF
    )


def _lower_priority() -> None:
    """Make this thread yield the CPU to request threads (Linux schedules threads as tasks)."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not permitted: fine
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def _fill_forever() -> None:
    _lower_priority()
    while True:
        with _lock:
            short = len(_ready) < settings.RIGHTSDESK_RECEIPT_POOL
        if not short:
            _wake.wait()
            _wake.clear()
            continue
        quiet_for = time.monotonic() - _last_taken
        if quiet_for < QUIET_SECONDS:
            time.sleep(QUIET_SECONDS - quiet_for)
            continue
        entry = derive_fresh()
        with _lock:
            _ready.append(entry)


def _ensure_filler() -> None:
    global _filler  # noqa: PLW0603 - one filler thread per process, started on first use
    if settings.RIGHTSDESK_RECEIPT_POOL <= 0:
        return
    with _lock:
        if _filler is None or not _filler.is_alive():
            _filler = threading.Thread(target=_fill_forever, name="receipt-pool", daemon=True)
            _filler.start()


def take_receipt() -> tuple[str, ReceiptSecrets]:
    """A receipt never handed out before, from the pool if one is ready, else derived now."""
    global _last_taken  # noqa: PLW0603 - see QUIET_SECONDS
    _ensure_filler()
    with _lock:
        entry = _ready.popleft() if _ready else None
        _last_taken = time.monotonic()
    _wake.set()
    return entry if entry is not None else derive_fresh()


def warm_up() -> None:
    """Start filling the pool now (the server calls this at start so the first burst is fast)."""
    _ensure_filler()
    _wake.set()


def pooled() -> int:
    with _lock:
        return len(_ready)
