"""`rightsdesk escrow keygen`: make an escrow key pair. Run it on an offline machine."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rightsdesk.core.escrow import new_escrow_keypair


class Command(BaseCommand):
    help = "Generate an organisation escrow key pair (print only; nothing is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["keygen"])

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = new_escrow_keypair()
        self.stdout.write(f"RIGHTSDESK_ESCROW_PUBLIC_KEY={public}")
        self.stdout.write("Private half (keep offline, split between custodians; never on the")
        self.stdout.write(f"server): {private}")
