"""`rightsdesk community remind`: mail the day-before reminders (run it every hour).

Django 6.1's tasks framework ships no database-backed worker, so the reminder is a command that
cron or a systemd timer runs; it is idempotent, so overlapping runs send each reminder once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rightsdesk.community.services import send_reminders


class Command(BaseCommand):
    help = "Community housekeeping: `remind` mails sign-ups whose event starts within a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"reminders sent: {sent}")
