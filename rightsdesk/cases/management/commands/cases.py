"""`rightsdesk cases retention` (daily), `cases watch` (the deadline clock), `cases hold`."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from rightsdesk.cases.models import Case
from rightsdesk.cases.oncall.tasks import clocks_round
from rightsdesk.cases.retention import RetentionBusy, retention_apply
from rightsdesk.cases.services import case_set_legal_hold

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Case housekeeping: apply retention; put a case under legal hold or lift it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("retention", help="delete cases past their retention period")
        watch = sub.add_parser("watch", help="check deadlines, page and escalate, in a loop")
        watch.add_argument("--every", type=float, default=20.0, help="seconds between checks")
        watch.add_argument("--once", action="store_true")
        hold = sub.add_parser("hold", help="suspend or resume deletion of one case")
        hold.add_argument("number")
        switch = hold.add_mutually_exclusive_group(required=True)
        switch.add_argument("--on", action="store_true")
        switch.add_argument("--off", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "watch":
            while True:
                try:
                    for line in clocks_round(timezone.now()):
                        self.stdout.write(line)
                except DatabaseError:
                    # A locked or briefly unreachable database must not end the clock: the next
                    # round picks up whatever this one could not do.
                    log.exception("deadline round failed; trying again next round")
                if options["once"]:
                    return
                time.sleep(options["every"])
        if options["action"] == "retention":
            try:
                deleted = retention_apply(today=timezone.now().date())
            except RetentionBusy:
                self.stdout.write("retention is running on another host; nothing done here")
                return
            self.stdout.write(f"deleted {len(deleted)} cases past retention")
            return
        case = Case.objects.filter(number=options["number"]).first()
        if case is None:
            raise CommandError(f"no case {options['number']}")
        case_set_legal_hold(case=case, hold=bool(options["on"]), actor="system:cli")
        self.stdout.write(f"legal hold {'on' if options['on'] else 'off'} for {case.number}")
