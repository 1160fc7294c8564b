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


def clocks() -> list[Callable[[datetime], list[str]]]:
    """The clocks settings.RIGHTSDESK_CLOCKS names, the cases' deadline clock first. A pillar
    adds its own there, so this package never imports the pillars built on it."""
    return [import_string(path) for path in settings.RIGHTSDESK_CLOCKS]


def clocks_round(now: datetime) -> list[str]:
    """One round of every clock at `now`: what each did, one line each."""
    done: list[str] = []
    for clock in clocks():
        done += clock(now)
    return done


@task
def check_deadlines() -> int:
    """Page and escalate what is due now (enqueued when a P1 arrives; also run by the watcher)."""
    return len(clocks_round(timezone.now()))
