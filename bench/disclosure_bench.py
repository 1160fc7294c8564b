"""Disclosure rules on tables shaped like a half-year's report: how much they hide, how often the
LP audit catches what the rule of thumb missed, and how long it takes.

Run with `python bench/disclosure_bench.py [--tables N] [--seed S]`. Tables: demands by country
(30 countries, a few large and many small, counts drawn from a skewed distribution) and kind
(8 kinds), rolled up into regions first; and threat reports by kind (8) and month (6).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from rightsdesk.core.regions import region_of
from rightsdesk.transparency.disclosure import (
    BOARD,
    PUBLIC,
    CountTable,
    Protected,
    RuleSet,
    audit,
    protect,
    roll_up_countries,
)
from rightsdesk.transparency.disclosure.suppress import complete, primary

COUNTRIES = [
    *("US", "DE", "FR", "BR", "IN", "TR", "RU", "IR"),
    *("NG", "KE", "ET", "GH", "EG", "MA", "PK", "BD", "MM", "PH", "ID", "VN"),
    *("MX", "CO", "AR", "PE", "VE", "CU", "BY", "UA", "LS", "SZ"),
]
KINDS = ["data", "content", "emergency", "preservation", "subpoena", "court", "warrant", "other"]
MONTHS = [f"2026-{m:02d}" for m in range(1, 7)]


def skewed(rng: random.Random, scale: float) -> int:
    """Mostly zeros and small counts, a long tail of large ones."""
    return int(rng.expovariate(1 / scale)) if rng.random() < 0.6 else 0


def country_table(rng: random.Random) -> CountTable:
    weights = {c: (12.0 if i < 8 else 1.5) for i, c in enumerate(COUNTRIES)}
    counts = [[skewed(rng, weights[c]) for _ in KINDS] for c in COUNTRIES]
    return CountTable.two("by country and kind", COUNTRIES, KINDS, counts)


def month_table(rng: random.Random) -> CountTable:
    counts = [[skewed(rng, 6.0) for _ in MONTHS] for _ in KINDS]
    return CountTable.two("by kind and month", KINDS, MONTHS, counts)


def measure(tables: list[CountTable], rules: RuleSet) -> dict[str, float]:
    seconds: list[float] = []
    suppressed = small = hidden = withheld = caught = exact = numbers = 0
    for table in tables:
        heuristic = Protected(
            table=table,
            rules=rules,
            small=primary(table, rules),
            hidden=frozenset(complete(table, primary(table, rules), set())),
        )
        findings = audit(heuristic)
        caught += bool(findings)
        exact += any(f.high == f.low for f in findings)
        start = time.perf_counter()
        result = protect(table, rules)
        seconds.append(time.perf_counter() - start)
        numbers += len(table.cells)
        suppressed += len(result.suppressed)
        small += len(result.small)
        hidden += len(result.hidden)
        withheld += len(result.withheld)
    return {
        "numbers": numbers / len(tables),
        "suppressed %": 100 * suppressed / numbers,
        "small": small / len(tables),
        "hidden": hidden / len(tables),
        "withheld": withheld / len(tables),
        "rule of thumb too narrow %": 100 * caught / len(tables),
        "rule of thumb exact %": 100 * exact / len(tables),
        "median s": statistics.median(seconds),
        "max s": max(seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - made-up tables, not secrets
    raw = [country_table(rng) for _ in range(args.tables)]
    months = [month_table(rng) for _ in range(args.tables)]
    one = RuleSet(name="public, protection 1", threshold=5, protection=1)
    for rules in (PUBLIC, one, BOARD):
        rolled = [roll_up_countries(t, rules, region_of=region_of).table for t in raw]
        for label, tables in (
            ("countries x kinds, raw", raw),
            ("countries x kinds, rolled up", rolled),
            ("kinds x months", months),
        ):
            found = measure(tables, rules)
            rows = round(statistics.mean(len(t.rows) for t in tables))
            shape = f"{rows}x{len(tables[0].cols)}"
            print(
                f"{rules.name:22} {label:30} {shape:6} "
                + " ".join(f"{key}={value:.2f}" for key, value in found.items())
            )


if __name__ == "__main__":
    main()
