"""Gap-observatory scan benchmark: ratios measured side by side in one run.

Run: `.venv/bin/python bench/gaps_scan_bench.py [--gb 2] [--rounds 2]`. Generates a gzip Wikidata
dump of about `--gb` GB compressed from the real 2017 dump head (its 49 items repeated with new
ids, so the lines are real entity JSON), in a temporary directory that is deleted afterwards.

1. `rightsdesk gaps` scan throughput / `zcat > /dev/null` on the same file (target >= 1.0).
2. Scan throughput / a plain `gzip.open` + `json.loads` per line (target >= 3). The baseline reads
   the first `--baseline-share` of the file only (it is slow); throughputs are compressed bytes
   per second, so the shares compare.
3. Peak RSS of the scan process at a quarter of the file and at its end (target: about equal).
The scan is the real one (`scan_dump`) with a 1,000-item topic set, in a child process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from isal import igzip

ROOT = Path(__file__).resolve().parents[1]
HEAD_NAME = "wikidata-dump-head-2017.ndjson"
SHARED_HEAD = ROOT.parent / "shared" / "data" / HEAD_NAME
# The same file, gzipped, shipped with the project (as `rightsdesk gaps demo` and the gaps tests
# use it), so that the benchmark runs in a clone that has no ../shared/data beside it.
SHIPPED_HEAD = ROOT / "rightsdesk" / "gaps" / "refdata" / f"{HEAD_NAME}.gz"


def head_lines(shared: Path = SHARED_HEAD) -> list[bytes]:
    """Entity lines of the 2017 dump head: from shared/data when present, else the shipped copy."""
    raw = shared.read_bytes() if shared.is_file() else gzip.decompress(SHIPPED_HEAD.read_bytes())
    return [line.rstrip(b",\n") for line in raw.split(b"\n") if line.startswith(b"{")]


CHILD = r"""
import resource, sys, time
from pathlib import Path
from typing import Any
from rightsdesk.gaps.readers.dumpscan import scan_dump
path = Path(sys.argv[1]); size = path.stat().st_size
wanted = {f"Q{n}" for n in range(1, 20001, 20)}
marks = {}
def progress(consumed, items):
    if consumed >= size / 4 and "quarter" not in marks:
        marks["quarter"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kept = [0]
def keep(qid, links, body):
    kept[0] += 1
start = time.perf_counter()
result = scan_dump(path, wanted=wanted, on_item=keep, progress=progress, progress_every=256)
elapsed = time.perf_counter() - start
end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, result.stats.entities, kept[0], marks.get("quarter", end), end)
"""


def gzip_writer(raw: Any) -> Any:
    """ISA-L gzip writer (level 2): fast enough to write GBs; isal ships no type hints."""
    return igzip.IGzipFile(fileobj=raw, mode="wb", compresslevel=2)  # type: ignore[no-untyped-call]  # untyped upstream


def generate(path: Path, gigabytes: float) -> int:
    lines = head_lines()
    target = int(gigabytes * 1e9)
    n = 0
    with path.open("wb") as raw, gzip_writer(raw) as out:
        out.write(b"[\n")
        while raw.tell() < target:
            for line in lines:
                n += 1
                rest = line[line.index(b'","labels"') :]
                out.write(b'{"type":"item","id":"Q%d' % n + rest + b",\n")
        out.write(b"]\n")
    return n


def time_zcat(path: Path) -> float:
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(["zcat", str(path)], stdout=sink, check=True)  # noqa: S603, S607 - fixed argv
    return time.perf_counter() - start


def time_scan(path: Path) -> tuple[float, int, int, int, int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rightsdesk.settings"}
    out = subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True, text=True, check=True, env=env, cwd=ROOT,
    ).stdout.split()  # fmt: skip
    return float(out[0]), int(out[1]), int(out[2]), int(out[3]), int(out[4])


def time_baseline(path: Path, share: float) -> tuple[float, int]:
    """Plain reading: gzip module, json.loads on every entity line; stops after `share`."""
    limit = path.stat().st_size * share
    start = time.perf_counter()
    with path.open("rb") as raw, gzip.open(raw, "rb") as stream:
        for line in stream:
            if line.startswith(b"{"):
                json.loads(line.rstrip().rstrip(b","))
            if raw.tell() >= limit:
                break
        consumed = raw.tell()
    return time.perf_counter() - start, consumed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=2.0, help="compressed size to generate")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline-share", type=float, default=0.1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gaps-bench-"))
    try:
        dump = folder / "latest-all.json.gz"
        start = time.perf_counter()
        entities = generate(dump, args.gb)
        size = dump.stat().st_size
        print(f"generated {size / 1e9:.2f} GB gzip, {entities:,} entities "
              f"in {time.perf_counter() - start:.0f} s")  # fmt: skip
        vs_zcat, vs_base, rows = [], [], []
        for round_ in range(1, args.rounds + 1):
            zcat = time_zcat(dump)
            scan, seen, kept, rss_quarter, rss_end = time_scan(dump)
            base, consumed = time_baseline(dump, args.baseline_share)
            assert seen == entities, (seen, entities)
            vs_zcat.append(zcat / scan)
            vs_base.append((size / scan) / (consumed / base))
            rows.append((rss_quarter, rss_end))
            print(f"round {round_}: zcat {size / zcat / 1e6:.0f} MB/s, scan {size / scan / 1e6:.0f}"
                  f" MB/s ({kept} topic items), baseline {consumed / base / 1e6:.0f} MB/s"
                  f" (compressed bytes); scan peak RSS {rss_quarter / 1024:.0f} MiB at 1/4,"
                  f" {rss_end / 1024:.0f} MiB at end")  # fmt: skip
        print(f"scan / zcat throughput: {statistics.median(vs_zcat):.2f} (target >= 1.0)")
        print(f"scan / gzip+json.loads throughput: {statistics.median(vs_base):.1f}x (target >= 3)")
        growth = statistics.median(end / quarter for quarter, end in rows)
        print(f"peak RSS at end / at a quarter: {growth:.2f} (target: about 1)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
