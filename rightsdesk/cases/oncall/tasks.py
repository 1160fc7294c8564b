"""Background tasks (Django's tasks framework; the database-backed worker is `rightsdesk
db_worker`, so the default needs no broker). The mail of a page is the task `pages.send_page`,
kept beside the code that records the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from rightsdesk.core.leader import leader

# How long the task enqueued on a P1's arrival waits for a round running elsewhere to end: that
# round may have read the due cases before the P1 was committed, so the task must run after it.
TASK_WAIT_SECONDS = 60.0


def clocks() -> list[tuple[str, Callable[[datetime], list[str]]]]:
    """The clocks settings.RIGHTSDESK_CLOCKS names (path, function), the cases' deadline clock
    first. A pillar adds its own there, so this package never imports the pillars built on it."""
    return [(path, import_string(path)) for path in settings.RIGHTSDESK_CLOCKS]


def clocks_round(now: datetime, *, wait: float = 0.0) -> list[str]:
    """One round of every clock at `now`: what each did, one line each.

    Every host may run the clocks (docs/operations.md, "Several app servers"): each clock runs
    under its own leader lock, so one host at a time runs it and a clock another host is running
    is skipped this round (after waiting up to `wait` seconds). Call outside any transaction.
    """
    done: list[str] = []
    for path, clock in clocks():
        with leader(f"clock:{path}", wait=wait) as held:
            if held:
                done += clock(now)
    return done


@task
def check_deadlines() -> int:
    """Page and escalate what is due now (enqueued when a P1 arrives; also run by the watcher)."""
    return len(clocks_round(timezone.now(), wait=TASK_WAIT_SECONDS))
