"""Report submission latency under a burst, against one receipt derivation measured in this run.

Run with `make bench` (or `python bench/intake_bench.py`). Starts a real server (the `rightsdesk`
command, SQLite, production Argon2id cost) in a temporary data directory on 127.0.0.1, then:

1. measures one receipt derivation here (median of 5): the unit of everything below;
2. bursts: 20 clients submit one report each at the same moment, several rounds with a pause
   between them (reports arrive in bursts, not as a flood); p95 latency / derivation, target <= 3;
3. sustained: the same 20 clients submit back to back (a flood); p95 / derivation, shown for
   honesty: here the machine's cores, not the design, set the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def submit(port: int) -> float:
    body = json.dumps({"narrative": "benchmark report", "threat_types": ["doxxing"]}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/reports",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
        assert response.status == 201, response.status
    return time.perf_counter() - started


def clients(port: int, count: int, each: int) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def run() -> None:
        barrier.wait()
        for _ in range(each):
            latency = submit(port)
            with lock:
                latencies.append(latency)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--server",
        choices=["gunicorn", "runserver"],
        default="gunicorn",
        help="gunicorn as deployed (docs/operations.md), or the dev server",
    )
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="rightsdesk-bench-"))
    env = {
        **os.environ,
        "RIGHTSDESK_DATA_DIR": str(data_dir),
        "RIGHTSDESK_HTTPS": "0",
        "RIGHTSDESK_REPORTS_PER_HOUR": "1000000",
        "RIGHTSDESK_RECEIPT_POOL": "64",
        "RIGHTSDESK_EXPENSIVE_SLOTS": "2",
    }
    env.pop("DATABASE_URL", None)
    os.environ["RIGHTSDESK_DATA_DIR"] = str(data_dir)
    django.setup()
    from django.conf import settings  # noqa: PLC0415 - after setup

    from rightsdesk.cases.submission.receipt_pool import derive_fresh  # noqa: PLC0415 - after setup

    subprocess.run([sys.executable, "-m", "rightsdesk", "migrate", "-v0"], env=env, check=True)
    port = free_port()
    command = (
        [
            sys.executable,
            "-m",
            "gunicorn",
            "rightsdesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "16",
            "--access-logfile",
            "/dev/null",
        ]
        if args.server == "gunicorn"
        else [
            sys.executable,
            "-m",
            "rightsdesk",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ]
    )
    server = subprocess.Popen(  # noqa: S603 - our own command
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(1.5)
        derivations = []
        for _ in range(5):
            started = time.perf_counter()
            derive_fresh()
            derivations.append(time.perf_counter() - started)
        unit = statistics.median(derivations)
        clients(port, 2, 2)  # warm the server up (imports, first connections); not measured
        time.sleep(unit * 64 + 2)  # let the pool of 64 fill once
        pause = unit * args.clients * 1.2 + 0.5  # time for the pool to refill between bursts

        bursts: list[float] = []
        for _ in range(args.rounds):
            bursts += clients(port, args.clients, 1)
            time.sleep(pause)
        sustained = clients(port, args.clients, 3)
    finally:
        server.terminate()
        server.wait(timeout=10)

    kdf = settings.RIGHTSDESK_RECEIPT_KDF
    print(f"server: {args.server} (one process, 16 threads: SQLite has one writer anyway)")
    print(
        f"one receipt derivation (Argon2id {kdf.opslimit} passes, {kdf.memlimit >> 20} MiB): "
        f"{unit * 1000:.0f} ms now"
    )
    print(
        f"bursts of {args.clients} simultaneous reports, {args.rounds} rounds "
        f"({len(bursts)} reports): p95 = {p95(bursts) / unit:.2f}x a derivation (target <= 3)"
    )
    print(
        f"sustained, {args.clients} clients back to back ({len(sustained)} reports): "
        f"p95 = {p95(sustained) / unit:.2f}x a derivation (no target: bounded by the cores)"
    )


if __name__ == "__main__":
    main()
