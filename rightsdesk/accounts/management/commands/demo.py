"""`rightsdesk demo`: demo accounts with published passwords, for a newcomer to click through.

Refused unless RIGHTSDESK_DEMO=1, so a production deployment cannot grow known passwords. Safe
to run again: existing demo accounts are kept and their TOTP details printed again. What it made
is said first and the sign-in details last, in a frame, so that `make run` ends on them.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts.models import User
from rightsdesk.accounts.services import user_create
from rightsdesk.audit.services import actor_label
from rightsdesk.cases.demo import demo_casework
from rightsdesk.community.demo import demo_events
from rightsdesk.demands.demo import demo_demands
from rightsdesk.diligence.demo import demo_diligence
from rightsdesk.grievances.demo import demo_grievances
from rightsdesk.partners.demo import demo_partners
from rightsdesk.transparency.demo import demo_transparency
from rightsdesk.wikisafety.demo import demo_wikisafety

DEMO_ACCOUNTS = [
    ("demo-admin", User.Role.ADMIN, "demo admin passphrase, not for real use"),
    ("demo-handler", User.Role.HANDLER, "demo handler passphrase, not for real use"),
    ("demo-partner", User.Role.PARTNER, "demo partner passphrase, not for real use"),
]


class Command(BaseCommand):
    help = "Create demo accounts (only with RIGHTSDESK_DEMO=1) and print how to log in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--codes", action="store_true", help="only print the current TOTP codes"
        )
        parser.add_argument(
            "--wiki-env",
            type=Path,
            default=None,
            help="the env file of a local MediaWiki (scripts/mediawiki-start) for wiki safety",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data needs RIGHTSDESK_DEMO=1; never set it in production.")
        accounts: list[str] = []
        for username, role, password in DEMO_ACCOUNTS:
            recovery = None
            if not User.objects.filter(username=username).exists():
                recovery = user_create(
                    username=username,
                    role=role,
                    password=password,
                    actor=actor_label(None, system="demo"),
                ).recovery_code
            device = TOTPDevice.objects.get(user__username=username)
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            totp.time = time.time()
            code = f"{totp.token():0{device.digits}d}"
            if options["codes"]:
                accounts.append(f"  {username}: {code}")
                continue
            accounts += [
                f"  username: {username}   role: {role}",
                f"  password: {password}",
                f"  TOTP:     {device.config_url}",
                f"  code now: {code}   (`rightsdesk demo --codes` prints fresh ones)",
            ]
            if recovery:
                accounts.append(f"  recovery: {recovery}")
            accounts.append("")
        if options["codes"]:
            self.stdout.write("\n".join(accounts))
            return
        self.stdout.write("\n".join(self._demo_data(options["wiki_env"])))
        self.stdout.write("\n".join(_framed(accounts)))

    def _demo_data(self, wiki_env: Path | None) -> list[str]:
        admin = User.objects.get(username="demo-admin")
        now = timezone.now()
        filed = demo_casework(
            admin=admin,
            handler=User.objects.get(username="demo-handler"),
            handler_password=DEMO_ACCOUNTS[1][2],
            now=now,
        )
        made = demo_events(actor=admin, now=now)
        network = demo_partners(
            admin=admin,
            handler=User.objects.get(username="demo-handler"),
            handler_password=DEMO_ACCOUNTS[1][2],
            partner_user=User.objects.get(username="demo-partner"),
            now=now,
        )
        grievances = demo_grievances(
            admin=admin, handler=User.objects.get(username="demo-handler"), now=now
        )
        assessed = demo_diligence(owner=User.objects.get(username="demo-handler"), readers=[admin])
        demands = demo_demands(
            handler=User.objects.get(username="demo-handler"), admin=admin, now=now
        )
        wiki = demo_wikisafety(
            admin=admin, handler=User.objects.get(username="demo-handler"), env_file=wiki_env,
            now=now,
        )  # fmt: skip
        # Last: the release counts what the other pillars' demo data just made.
        released = demo_transparency(
            drafter=User.objects.get(username="demo-handler"), approver=admin, now=now
        )
        lines = []
        if released:
            lines.append(
                "Demo transparency report: a public release of this half-year at "
                f"http://127.0.0.1:8000/transparency/{released}/"
            )
        if wiki:
            lines.append(
                f"Demo wiki safety: {wiki.findings} findings in the evaluation queue at "
                "http://127.0.0.1:8000/staff/wikisafety/ ; the local wiki they come from is "
                f"{wiki.address}index.php (edit it: the watcher reads it every minute)"
            )
        else:
            lines.append(
                "Demo wiki safety: no local MediaWiki answered, so the evaluation queue is "
                "empty (`make mediawiki` starts one; see docs/wikisafety.md)"
            )
        if demands:
            lines.append(
                f"Demo demands: {demands} government demands (one waiting for its legal review, "
                "one emergency owing its review afterwards) at "
                "http://127.0.0.1:8000/staff/demands/"
            )
        if assessed:
            lines.append(
                "Demo due diligence: an assessment with five salient risks at "
                "http://127.0.0.1:8000/staff/diligence/ and its public tracker at "
                "http://127.0.0.1:8000/diligence/"
            )
        if filed:
            lines.append(f"Demo casework: {filed} invented cases, a link and a week of rota.")
        if network:
            lines.append(
                f"Demo partners: {network.partners} organisations (demo-partner signs in for "
                "the legal aid) and two referrals. One waits for the volunteer's answer: open "
                f"http://127.0.0.1:8000/inbox/login/ with the receipt {network.receipt}"
            )
        if made:
            lines.append(
                f"Demo events: {made} upcoming (one online, one in person) at "
                "http://127.0.0.1:8000/community/events/"
            )
        if grievances:
            lines.append(
                f"Demo grievances: {grievances} (one appealed, for demo-admin to review) at "
                "http://127.0.0.1:8000/grievances/staff/"
            )
        return lines


def _framed(accounts: list[str]) -> list[str]:
    rule = "=" * 78
    return [
        "",
        rule,
        "  rightsdesk demo: sign in at http://127.0.0.1:8000/staff/login/",
        "  (public side: http://127.0.0.1:8000/ ; demo only, never for real use)",
        rule,
        *accounts,
        rule,
        "",
    ]
