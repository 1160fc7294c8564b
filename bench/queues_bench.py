"""The handler's dashboard with 10,000 cases, against the same page with none, in one run.

Run with `make bench` (or `python bench/queues_bench.py [--cases 10000]`). A temporary SQLite data
directory; two handlers sign in for real (password, TOTP, key vault): one is granted every case,
the other none. Their dashboards are rendered over the Django test client in alternation, so both
medians see the same machine load (these machines are shared and noisy). Cases are bulk-created with
real metadata and placeholder ciphertext (the dashboard decrypts nothing). Target (issue 4): at most
3x the empty page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")
os.environ["RIGHTSDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="rightsdesk-bench-")
os.environ.setdefault("RIGHTSDESK_KDF_OPSLIMIT", "1")
os.environ.setdefault("RIGHTSDESK_KDF_MEMLIMIT_MIB", "1")
os.environ["RIGHTSDESK_ALLOWED_HOSTS"] = "testserver"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from staff_client import sign_in, timed  # noqa: E402

from rightsdesk.cases.models import Case, KeyWrap  # noqa: E402

PRIORITIES = ("P1", "P2", "P3", "P4")
STATUSES = ("new", "acknowledged", "in_progress", "waiting", "closed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=41)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, busy = sign_in("bench")
    _, idle = sign_in("idle")
    now = timezone.now()
    cases = [
        Case(
            number=f"RD-B{i:07d}",
            created_on=now.date(),
            updated_on=now.date(),
            channel="web",
            status=STATUSES[i % len(STATUSES)],
            priority=PRIORITIES[i % 4],
            emergency=i % 50 == 0,
            threat_types=["doxxing"],
            rights=[],
            country="",
            public_key=bytes(32),
            receipt_lookup=f"{i:064x}",
            content=bytes(2500),  # about a sealed narrative of a page; rows are long
            ack_due=now + timedelta(minutes=i % 600 - 60),
            assignee=user if i % 3 == 0 else None,
        )
        for i in range(args.cases)
    ]
    Case.objects.bulk_create(cases, batch_size=2000)
    KeyWrap.objects.bulk_create(
        [
            KeyWrap(case=c, kind="user", user=user, recipient_public_key=bytes(32), wrap=b"w")
            for c in Case.objects.filter(number__startswith="RD-B")
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:  # what `rightsdesk cases retention` runs daily
        cursor.execute("PRAGMA optimize")
    for client in (busy, idle):  # warm both: templates, translations, page cache
        timed(client, "/staff/")
    empty_times, full_times = [], []
    for _ in range(args.rounds):
        empty_times.append(timed(idle, "/staff/"))
        full_times.append(timed(busy, "/staff/"))
    empty, full = statistics.median(empty_times), statistics.median(full_times)
    print(
        f"dashboard, median of {args.rounds} alternating renders: no cases {empty * 1000:.1f} ms, "
        f"{args.cases:,} cases {full * 1000:.1f} ms"
    )
    print(f"ratio full / empty = {full / empty:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
