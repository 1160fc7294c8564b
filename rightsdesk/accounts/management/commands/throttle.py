"""`rightsdesk throttle clear USERNAME`: lift a login block an attacker imposed on a colleague."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rightsdesk.accounts import throttle
from rightsdesk.audit.services import audit_record


class Command(BaseCommand):
    help = "Clear the failed-login throttle of one account name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["clear"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        throttle.record_success(options["username"])
        audit_record(actor="system:cli", action="auth.throttle_clear")
        self.stdout.write("Throttle cleared.")
