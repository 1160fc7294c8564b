"""The handler's dashboard with 10,000 cases, against the same page with none, in one run.

Run with `make bench` (or `python bench/queues_bench.py [--cases 10000]`). A temporary SQLite data
directory; a handler signs in for real (password, TOTP, key vault); the dashboard is rendered over
the Django test client. Cases are bulk-created with real metadata and placeholder ciphertext (the
dashboard decrypts nothing). Target (issue 4): at most 3x the empty page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
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
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.oath import TOTP  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from rightsdesk.accounts.services import user_create  # noqa: E402
from rightsdesk.cases.models import Case, KeyWrap  # noqa: E402

PRIORITIES = ("P1", "P2", "P3", "P4")
STATUSES = ("new", "acknowledged", "in_progress", "waiting", "closed")


def page_time(client: Client, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get("/staff/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    password = "benchmark passphrase 2026"  # noqa: S105 - a throwaway account in a temp dir
    user = user_create(
        username="bench", role="handler", password=password, actor="system:bench"
    ).user
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    client = Client()
    login = client.post(
        "/staff/login/", {"username": "bench", "password": password, "otp": f"{totp.token():06d}"}
    )
    assert login.status_code == 302, login.status_code

    empty = page_time(client, args.rounds)
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
            content=b"x" * 200,
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
    full = page_time(client, args.rounds)
    print(
        f"dashboard, median of {args.rounds}: empty {empty * 1000:.1f} ms, "
        f"{args.cases:,} cases {full * 1000:.1f} ms"
    )
    print(f"ratio full / empty = {full / empty:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
