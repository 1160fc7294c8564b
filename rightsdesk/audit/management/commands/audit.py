"""`rightsdesk audit verify|head`: check the audit chain, or print its head for anchoring."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightsdesk.audit.selectors import chain_head, verify_chain

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Verify the hash-chained audit log, or print its head."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="exit 0 if the chain is intact, 1 otherwise")
        verify.add_argument(
            "--anchor", help="SEQ:MAC printed earlier by `audit head`, to catch a cut-off tail"
        )
        sub.add_parser("head", help="print SEQ:MAC of the newest entry")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            seq, mac = chain_head()
            self.stdout.write(f"{seq}:{mac}")
            return
        anchor = None
        if options.get("anchor"):
            match = ANCHOR.match(options["anchor"])
            if not match:
                raise CommandError("--anchor must look like SEQ:MAC, as `audit head` prints it")
            anchor = (int(match.group(1)), match.group(2))
        report = verify_chain(anchor=anchor)
        if report.intact:
            self.stdout.write(f"audit chain intact: {report.checked} entries")
            return
        raise CommandError(
            f"audit chain broken at entry {report.first_bad}: {report.reason} "
            f"({report.checked} entries verified before it)",
            returncode=1,
        )
