"""`rightsdesk createuser --username U --role R --password-stdin`.

Prints the TOTP provisioning URI and the recovery code once; neither can be shown again.
"""

from __future__ import annotations

import io
import sys
from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightsdesk.accounts.models import User
from rightsdesk.accounts.services import user_create
from rightsdesk.audit.services import actor_label


class Command(BaseCommand):
    help = "Create a staff user with a key pair and two-factor login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument(
            "--no-qr", action="store_true", help="do not draw the TOTP URI as a QR code"
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            required=True,
            help="read the password from the first line of standard input (never an argument: "
            "arguments show in the process list and shell history)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        line = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise CommandError("No password on standard input. Pipe it in, one line.")
        try:
            provisioned = user_create(
                username=options["username"],
                role=options["role"],
                password=password,
                actor=actor_label(None, system="cli"),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created {provisioned.user.username} ({provisioned.user.role}).")
        self.stdout.write("Add this to an authenticator app (shown once):")
        self.stdout.write(f"  {provisioned.otpauth_uri}")
        if not options["no_qr"]:
            drawing = io.StringIO()
            segno.make(provisioned.otpauth_uri, error="m").terminal(
                out=drawing, compact=True, border=2
            )
            self.stdout.write(drawing.getvalue())
        self.stdout.write(
            "Recovery code (shown once; keep it offline, it unlocks the account key):"
        )
        self.stdout.write(f"  {provisioned.recovery_code}")
