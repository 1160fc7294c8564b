"""Background tasks (Django's tasks framework; the database-backed worker is `rightsdesk
db_worker`, so the default needs no broker). The mail of a page is the task `pages.send_page`,
kept beside the code that records the page."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from rightsdesk.cases.oncall.deadlines import deadlines_check


@task
def check_deadlines() -> int:
    """Page and escalate what is due now (enqueued when a P1 arrives; also run by the watcher)."""
    return len(deadlines_check(timezone.now()))
