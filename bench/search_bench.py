"""Searching 10,000 encrypted cases, against 1,000 and against the dashboard, in one run.

Run with `make bench` (or `python bench/search_bench.py [--cases 10000]`). A temporary SQLite data
directory; two handlers sign in for real (password, TOTP, key vault): one is granted 10,000 cases,
the other the first 1,000. Each case carries about 2 KB of searchable text (words drawn from a
5,000-word vocabulary), sealed to each reader exactly as the intake does. The first search of each
reader folds their sealed rows under their search key (a one-time cost, reported); then searches
and dashboard renders alternate, so all medians see the same machine load.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
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
from django.utils import timezone  # noqa: E402
from nacl.public import PublicKey  # noqa: E402
from staff_client import sign_in, timed  # noqa: E402

from rightsdesk.accounts.models import User  # noqa: E402
from rightsdesk.cases.models import Case, KeyWrap, SearchEntry  # noqa: E402
from rightsdesk.cases.search.selectors import entry_aad  # noqa: E402
from rightsdesk.cases.search.text import normalise  # noqa: E402
from rightsdesk.crypto import seal  # noqa: E402

SYLLABLES = ("ka", "lo", "mi", "ra", "ne", "su", "to", "vi", "de", "an", "or", "es", "ul", "ip")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def populate(count: int, readers: list[tuple[User, int]], rng: random.Random) -> None:
    """`count` cases; reader (user, n) is granted the first n, with sealed searchable text."""
    now = timezone.now()
    words = vocabulary(5000, rng)
    Case.objects.bulk_create(
        [
            Case(
                number=f"RD-S{i:07d}",
                created_on=now.date(),
                updated_on=now.date(),
                channel="web",
                status="new",
                priority="P3",
                threat_types=["doxxing"],
                public_key=bytes(32),
                receipt_lookup=f"{i:064x}",
                content=b"x" * 2000,
                ack_due=now,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    cases = list(Case.objects.order_by("id"))
    texts = [normalise(" ".join(rng.choices(words, k=300))) for _ in cases]
    for user, n in readers:
        public = PublicKey(bytes(user.keyring.public_key))
        KeyWrap.objects.bulk_create(
            [
                KeyWrap(case=c, kind="user", user=user, recipient_public_key=bytes(32), wrap=b"w")
                for c in cases[:n]
            ],
            batch_size=2000,
        )
        entries = []
        for case, text in zip(cases[:n], texts, strict=False):
            entry = SearchEntry(user=user, case=case, kind=SearchEntry.Kind.SEALED)
            entry.body = seal(text.encode(), public, entry_aad(entry))
            entries.append(entry)
        SearchEntry.objects.bulk_create(entries, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    big_user, big = sign_in("many")
    small_user, small = sign_in("few")
    rng = random.Random(7)  # noqa: S311 - reproducible filler text, not a secret
    populate(args.cases, [(big_user, args.cases), (small_user, args.cases // 10)], rng)
    query = {"q": "kalo mira"}
    fold_big = timed(big, "/staff/search/", query)
    fold_small = timed(small, "/staff/search/", query)
    # The searches really searched: every case's text is now one entry under the reader's key.
    secret = SearchEntry.objects.filter(kind=SearchEntry.Kind.SECRET)
    assert secret.filter(user=big_user).count() == args.cases
    assert secret.filter(user=small_user).count() == args.cases // 10
    results: dict[str, list[float]] = {"search many": [], "search few": [], "dashboard many": []}
    for _ in range(args.rounds):
        results["search many"].append(timed(big, "/staff/search/", query))
        results["search few"].append(timed(small, "/staff/search/", query))
        results["dashboard many"].append(timed(big, "/staff/"))
    med = {name: statistics.median(values) for name, values in results.items()}
    print(
        f"first search (folds sealed rows once): {args.cases:,} cases {fold_big * 1000:.0f} ms, "
        f"{args.cases // 10:,} cases {fold_small * 1000:.0f} ms"
    )
    print(
        f"median of {args.rounds}: search over {args.cases:,} cases {med['search many'] * 1000:.1f}"
        f" ms, over {args.cases // 10:,} {med['search few'] * 1000:.1f} ms, dashboard "
        f"{med['dashboard many'] * 1000:.1f} ms"
    )
    print(
        f"ratio search {args.cases:,} / {args.cases // 10:,} = "
        f"{med['search many'] / med['search few']:.2f}"
    )
    print(
        f"ratio search {args.cases:,} / dashboard = "
        f"{med['search many'] / med['dashboard many']:.2f}"
    )


if __name__ == "__main__":
    main()
