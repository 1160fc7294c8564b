"""`rightsdesk intake sweep`: delete what expired: inbox sessions, spent tickets, orphaned uploads.

Run hourly (cron or a systemd timer). Orphaned upload ciphertext is what a crashed request left in
the spool: its key died with the request, so it is noise, but noise that fills the disk.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rightsdesk.core.files import SPOOL_SAFE_AGE_SECONDS, files_sweep
from rightsdesk.intake.idempotency import forget_expired_receipts
from rightsdesk.intake.inbox import inbox_sweep
from rightsdesk.intake.models import SpentTicket


class Command(BaseCommand):
    help = "Housekeeping for the public side."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sweep"])
        parser.add_argument(
            "--spool-age",
            type=int,
            default=SPOOL_SAFE_AGE_SECONDS,
            help="delete spool files older than this many seconds",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = inbox_sweep()
        tickets, _ = SpentTicket.objects.filter(expires_at__lt=timezone.now()).delete()
        forget_expired_receipts()  # the API's kept receipts past their replay window
        spool = files_sweep(older_than_seconds=options["spool_age"])
        self.stdout.write(
            f"removed {sessions} expired inbox sessions, {tickets} spent tickets, "
            f"{spool} orphaned upload files"
        )
