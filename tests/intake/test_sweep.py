"""`rightsdesk intake sweep` removes expired sessions and orphaned upload ciphertext only."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.core.files import spool_dir
from rightsdesk.intake.models import InboxSession
from tests.reporting import file_report, receipt_from


def test_sweep_keeps_live_things(client: Client, db: None) -> None:
    receipt = receipt_from(file_report(client).content.decode())
    Client().post(reverse("intake:inbox_login"), {"receipt": receipt})
    Client().post(reverse("intake:inbox_login"), {"receipt": receipt})
    InboxSession.objects.filter(pk=InboxSession.objects.first().pk).update(  # type: ignore[union-attr]
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    old: Path = spool_dir() / "orphan-old"
    old.write_bytes(b"ciphertext")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    fresh: Path = spool_dir() / "upload-in-progress"
    fresh.write_bytes(b"ciphertext")
    out = io.StringIO()
    call_command("intake", "sweep", stdout=out)
    assert "removed 1 expired inbox sessions" in out.getvalue()
    assert InboxSession.objects.count() == 1
    assert not old.exists()
    assert fresh.exists()
    fresh.unlink()
