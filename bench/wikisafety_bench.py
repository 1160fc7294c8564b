"""Wikisafety detection: precision and recall per recogniser and language on the labelled corpus,
the protected-phrase matcher on planted and near-miss names, and scan throughput on one core
against the busiest wiki's edit rate.

Run with `.venv/bin/python bench/wikisafety_bench.py [--seed 16] [--large-edits 300]`. Pure
Python, no database: the keyed hash is BLAKE2b under a random key, as the server sub-key would be.

Edit rates compared (assumptions, docs/performance.md): all Wikimedia wikis together made 22
million edits in May 2020 (Wikimedia Analytics, techblog.wikimedia.org, 2020-10-01), 8.2
edits/s on average; the busiest single wiki, Wikidata, is taken at a peak of 30 edits/s (bot
bursts before maxlag throttles them) and English Wikipedia at 5 edits/s.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import secrets
import time

from rightsdesk.wikisafety.detection import Hints, Kind, scan_edit
from rightsdesk.wikisafety.detection.corpus import build_corpus, negative_texts
from rightsdesk.wikisafety.detection.evaluate import evaluate
from rightsdesk.wikisafety.detection.protected import (
    ProtectedIndex,
    ProtectedKind,
    StoredPhrase,
    phrase_digests,
)

RATES = {
    "Wikidata, peak (assumed)": 30.0,
    "all Wikimedia wikis, May 2020 average": 22e6 / (31 * 86400),
    "English Wikipedia (assumed)": 5.0,
}
NAMES = (
    "Jane Q Doe", "Amélie Poulain Durand", "Carlos García Márquez", "Olga Sergeyevna Ivanova",
    "محمدرضا کریمی", "فاطمة الزهراء حداد", "Aung Kyaw Win", "ကျော်ဇေယျာ", "Priya Venkataraman",
    "Kwame Mensah", "Ольга Иванова", "Lena Schmidt",
)  # fmt: skip


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def accuracy(seed: int) -> None:
    started = time.perf_counter()
    samples = build_corpus(seed)
    built = time.perf_counter() - started
    result = evaluate(samples)
    print(f"corpus: {result.samples} edits ({result.negatives} clean), built in {built:.1f} s")
    print(f"{'recogniser':<12} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4}")
    for name in result.recognisers():
        c = result.total(name)
        print(f"{name:<12} {c.precision:>9.3f} {c.recall:>7.3f} {c.tp:>5} {c.fp:>4} {c.fn:>4}")
    print("\nper language (recogniser, language: precision / recall, tp fp fn)")
    for (name, language), c in sorted(result.counts.items()):
        print(
            f"  {name:<12} {language:<4} {c.precision:.3f} / {c.recall:.3f}  {c.tp} {c.fp} {c.fn}"
        )


def _index() -> ProtectedIndex:
    key = secrets.token_bytes(32)

    def digester(message: bytes) -> bytes:
        return hashlib.blake2b(message, key=key, digest_size=32).digest()

    rows = [
        StoredPhrase(volunteer, 0, ProtectedKind.NAME, d.digest, d.part, d.parts)
        for volunteer, name in enumerate(NAMES)
        for d in phrase_digests(ProtectedKind.NAME, name, digester)
    ]
    return ProtectedIndex(rows, digester)


def protected(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    index = _index()
    clean = [text for _language, text in negative_texts()]
    found = near = false = 0
    trials = 200
    for _ in range(trials):
        volunteer = rng.randrange(len(NAMES))
        words = NAMES[volunteer].split()
        shown = NAMES[volunteer].upper() if rng.random() < 0.3 else NAMES[volunteer]
        text = f"{rng.choice(clean)} [[User:{shown}|{words[0]}]] {rng.choice(clean)}"
        found += any(hit.volunteer == volunteer for hit in index.match(text, Hints()))
        partial = " ".join(reversed(words)) if len(words) > 1 else words[0][:-1]
        near += bool(index.match(f"{rng.choice(clean)} {partial}", Hints()))
        false += bool(index.match(rng.choice(clean), Hints()))
    print(f"\nprotected names: {len(NAMES)} registered, {len(index)} digests")
    print(f"  full name planted: found {found}/{trials}")
    print(f"  words reversed or truncated: hit {near}/{trials} (should be 0)")
    print(f"  clean text: hit {false}/{trials} (should be 0)")


def throughput(seed: int, large_edits: int) -> None:
    """Edits per second through `scan_edit` plus the protected-name matcher (12 names)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    index = _index()
    samples = build_corpus(seed)
    clean = [text for _language, text in negative_texts()]
    started = time.perf_counter()
    for sample in samples:
        hints = Hints(language=sample.language)
        text, hits = scan_edit(sample.old, sample.new, hints)
        index.match(text, hints, [hit.value for hit in hits if hit.kind == Kind.PHONE])
    small_rate = len(samples) / (time.perf_counter() - started)
    # A large article (~60 KB of wikitext, the size of a long English article) edited by adding
    # one paragraph in its middle: the diff reads the whole page.
    page = "\n".join(rng.choices(clean, k=1500))
    lines = page.splitlines()
    edits = []
    for _ in range(large_edits):
        at = rng.randrange(len(lines))
        paragraph = " ".join(rng.sample(clean, 3)) + " Call +33 1 42 68 53 00."
        edits.append(("\n".join(lines), "\n".join([*lines[:at], paragraph, *lines[at:]])))
    started = time.perf_counter()
    for old, new in edits:
        text, hits = scan_edit(old, new, Hints(language="en"))
        index.match(
            text, Hints(language="en"), [hit.value for hit in hits if hit.kind == Kind.PHONE]
        )
    large_rate = len(edits) / (time.perf_counter() - started)
    print(f"\nthroughput on one core (page of {len(page) / 1000:.0f} KB for the large edits)")
    print(f"  corpus edits (small pages): {small_rate:8.0f} edits/s")
    print(f"  large-page edits:           {large_rate:8.0f} edits/s")
    for what, rate in RATES.items():
        print(f"  vs {what} {rate:.1f} edits/s: {large_rate / rate:6.1f}x margin on large pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--large-edits", type=int, default=300)
    args = parser.parse_args()
    _one_core()
    accuracy(args.seed)
    protected(args.seed)
    throughput(args.seed, args.large_edits)


if __name__ == "__main__":
    main()
