"""A genuine reporter through a flood, with effort and without (the peer of today), side by side.

Run with `python bench/flood_bench.py` (about four minutes; `--quick` for a smoke test). For each
of two rounds it starts a real server (gunicorn as deployed, SQLite, production Argon2id, the
DEFAULT limits: 600 reports an hour in bursts of 60, 2 expensive-work slots) in a temporary data
directory on 127.0.0.1, then:

- the flood: 30 clients file 300 reports through the API, spread evenly over `--seconds`, doing
  no work (no puzzle);
- once the flood is being turned away, a genuine reporter files 20 reports through the web form
  one after another, as a browser does: open the form, wait `RIGHTSDESK_MIN_FILL_SECONDS`, send.
  In the "effort" round it solves the page's puzzle with hashlib.scrypt (what the browser's
  worker computes) at the suggested effort; in the "peer" round it sends no effort.

Prints the flood's busy answers and the genuine reporter's receipts out of 20 and median wait
(send pressed to answer) for both rounds. Done when (issue 17): >= 19 of 20 with effort.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def status_of(opener: urllib.request.OpenerDirector, request: urllib.request.Request) -> int:
    try:
        with opener.open(request, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return int(error.code)
    except OSError:
        return 0  # refused or timed out: counted as an error


@dataclass
class Flood:
    port: int
    clients: int
    each: int
    seconds: float
    statuses: list[int] = field(default_factory=list)
    refused: threading.Event = field(default_factory=threading.Event)
    ended: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, index: int, start: float) -> None:
        opener = urllib.request.build_opener()
        gap = self.seconds / self.each
        for round_ in range(self.each):
            # Each client's reports spread evenly, the clients offset within a gap.
            due = start + round_ * gap + gap * index / self.clients
            time.sleep(max(0.0, due - time.monotonic()))
            body = json.dumps({"narrative": f"junk {index}.{round_}"}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.port}/api/v1/reports",
                data=body,
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            status = status_of(opener, request)
            with self.lock:
                self.statuses.append(status)
            if status == 503:
                self.refused.set()

    def run(self) -> list[threading.Thread]:
        start = time.monotonic()
        threads = [
            threading.Thread(target=self.client, args=(i, start), daemon=True)
            for i in range(self.clients)
        ]
        for thread in threads:
            thread.start()
        return threads


def field_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def genuine_reports(
    port: int, count: int, *, effort: bool, min_fill: float
) -> list[tuple[int, float]]:
    """(status, seconds from send to answer) for each of `count` reports filed one by one."""
    from rightsdesk.intake.effort import solve  # noqa: PLC0415 - after sys.path is set

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}/report/"
    results = []
    for number in range(count):
        opened = time.monotonic()
        with opener.open(base, timeout=120) as response:
            html = response.read().decode()
        target = re.search(r'data-target="(\d+)"', html)
        seed = field_value(html, "effort_seed")
        data = {
            "csrfmiddlewaretoken": field_value(html, "csrfmiddlewaretoken"),
            "step": "5",
            "go": "send",
            "ticket": field_value(html, "ticket"),
            "narrative": f"They published my home address ({number}).",
            "emergency": "no",
            "threat_types": "doxxing",
            "effort_seed": seed,
        }
        if effort and target:
            level = int(target.group(1))
            data["effort_nonce"] = solve(seed, level).hex()
            data["effort"] = str(level)
        time.sleep(max(0.0, opened + min_fill + 0.1 - time.monotonic()))  # a person writing
        request = urllib.request.Request(
            base, data=urllib.parse.urlencode(data).encode(), method="POST"
        )
        started = time.monotonic()
        status = status_of(opener, request)
        results.append((status, time.monotonic() - started))
    return results


@dataclass
class Round:
    flood: list[int]
    genuine: list[tuple[int, float]]
    genuine_end: float
    flood_end: float


def one_round(args: argparse.Namespace, *, effort: bool) -> Round:
    data_dir = Path(tempfile.mkdtemp(prefix="rightsdesk-flood-bench-"))
    env = {**os.environ, "RIGHTSDESK_DATA_DIR": str(data_dir), "RIGHTSDESK_HTTPS": "0"}
    for name in list(env):  # the DEFAULT limits: nothing of the caller's changes them
        if name.startswith("RIGHTSDESK_") and name not in (
            "RIGHTSDESK_DATA_DIR",
            "RIGHTSDESK_HTTPS",
        ):
            env.pop(name)
    env.pop("DATABASE_URL", None)
    if args.quick:
        env["RIGHTSDESK_REPORTS_PER_HOUR"] = "60"  # a burst of 6, for a small flood
    subprocess.run(
        [sys.executable, "-m", "rightsdesk", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "rightsdesk.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--threads", "16", "--access-logfile", "/dev/null",
    ]  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 - our own command
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        began = time.monotonic()
        flood = Flood(port, args.clients, args.each, args.seconds)
        threads = flood.run()
        flood.refused.wait(timeout=args.seconds)  # the genuine reporter arrives during the flood
        genuine = genuine_reports(port, args.genuine, effort=effort, min_fill=args.min_fill)
        genuine_end = time.monotonic() - began
        for thread in threads:
            thread.join(timeout=args.seconds + 180)
        flood_end = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=15)
    return Round(flood.statuses, genuine, genuine_end, flood_end)


def describe(name: str, result: Round, genuine: int) -> str:
    receipts = sum(1 for status, _ in result.genuine if status == 201)
    waits = [seconds for _, seconds in result.genuine]
    busy = result.flood.count(503)
    filed = result.flood.count(201)
    other = len(result.flood) - busy - filed
    median = statistics.median(waits)
    return (
        f"{name:<8} flood: {busy:>3} busy, {filed:>3} filed, {other} other of {len(result.flood)}"
        f" | genuine: {receipts:>2}/{genuine} receipts, median wait {median:.2f} s"
        f" | genuine done at {result.genuine_end:.0f} s, flood at {result.flood_end:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--each", type=int, default=10, help="reports per flood client")
    parser.add_argument("--genuine", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=100.0, help="the flood's length")
    parser.add_argument("--quick", action="store_true", help="a small smoke test (~1 min)")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.each, args.genuine, args.seconds = 6, 5, 4, 20.0
    args.min_fill = 3.0  # RIGHTSDESK_MIN_FILL_SECONDS' default
    rounds = {"effort": one_round(args, effort=True), "peer": one_round(args, effort=False)}
    print(
        f"{args.clients} clients x {args.each} reports over {args.seconds:.0f} s (no work), and "
        f"one genuine reporter filing {args.genuine} through the form; default limits, gunicorn "
        "1 process x 16 threads, SQLite"
    )
    for name, result in rounds.items():
        print(describe(name, result, args.genuine))
    with_effort = sum(1 for status, _ in rounds["effort"].genuine if status == 201)
    wanted = args.genuine - max(1, args.genuine // 20)
    verdict = "PASS" if with_effort >= wanted else "FAIL"
    print(f"{verdict}: {with_effort}/{args.genuine} with effort (needed >= {wanted})")
    if verdict == "FAIL":
        sys.exit(1)


if __name__ == "__main__":
    main()
