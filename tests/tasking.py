"""Switching Django's task backend inside a test.

`django.tasks.task_backends` builds each backend once and keeps it: `override_settings(TASKS=...)`
alone would go on using the backend built before. `task_backend` swaps the setting and drops the
built backends on the way in and on the way out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from asgiref.local import Local
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone

from rightsdesk.cases.models import OnCallShift
from tests.factories import staff_account

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _forget_backends() -> None:
    handler: Any = task_backends  # BaseConnectionHandler's private state (no public reset)
    handler.__dict__.pop("settings", None)
    handler._settings = None
    handler._connections = Local(handler.thread_critical)


@contextmanager
def task_backend(tasks: dict[str, Any]) -> Iterator[None]:
    """Run the block with settings.TASKS = `tasks` (e.g. DUMMY: enqueued tasks never run)."""
    with override_settings(TASKS=tasks):
        _forget_backends()
        try:
            yield
        finally:
            _forget_backends()
    _forget_backends()


def rota_with_mail() -> None:
    """On duty for the next hours, each with a mail address: "oncall" (on-call handler), "lead"
    (on-call lead); "boss" is an admin (the team lead)."""
    now = timezone.now()
    for username, role in (("oncall", "on_call"), ("lead", "lead"), ("boss", "team_lead")):
        account = staff_account(
            username=username, role="admin" if role == "team_lead" else "handler"
        )
        account.user.email = f"{username}@example.org"
        account.user.save()
        if role != "team_lead":
            OnCallShift.objects.create(
                user=account.user,
                role=role,
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(hours=8),
            )
