"""Durability: kill the server with SIGKILL during a burst; every receipt it returned still works.

A real server process (the `rightsdesk` command, SQLite in its own data directory) takes reports
from several client threads and is killed at random moments, three times. Afterwards, each
receipt a client received opens its report. A receipt is only sent after the commit, so none may
be lost; reports whose answer never arrived may or may not exist, and that is fine.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROUNDS = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env |= {
        "RIGHTSDESK_DATA_DIR": str(data_dir),
        "RIGHTSDESK_HTTPS": "0",
        "RIGHTSDESK_KDF_OPSLIMIT": "1",
        "RIGHTSDESK_KDF_MEMLIMIT_MIB": "1",
        "RIGHTSDESK_RECEIPT_KDF_OPSLIMIT": "1",
        "RIGHTSDESK_RECEIPT_KDF_MEMLIMIT_MIB": "1",
        "RIGHTSDESK_REPORTS_PER_HOUR": "1000000",
        "RIGHTSDESK_EXPENSIVE_SLOTS": "8",
    }
    return env


def rightsdesk(*args: str, env: dict[str, str], **kwargs: Any) -> Any:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "rightsdesk", *args], env=env, **kwargs
    )


def wait_until_up(port: int, deadline: float) -> None:
    """Until the server answers a page: the port opens before Django has loaded its URLs and
    views, and on a busy machine that first load alone can outlast a round of the burst."""
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                pass
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("server did not start")


def post(port: int, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "") != "", reason="SQLite file durability")
def test_sigkill_during_a_burst_loses_no_acknowledged_report(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    assert rightsdesk("migrate", "--verbosity", "0", env=env).wait(timeout=120) == 0
    receipts: list[str] = []
    lock = threading.Lock()
    rng = random.Random(20261121)  # noqa: S311 - reproducible kill times, not security

    for round_number in range(ROUNDS):
        port = free_port()
        server = rightsdesk(
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port, time.monotonic() + 60)
            stop = threading.Event()

            def client(
                worker: int,
                port: int = port,
                stop: threading.Event = stop,
                round_number: int = round_number,
            ) -> None:
                count = 0
                while not stop.is_set():
                    count += 1
                    try:
                        status, body = post(
                            port,
                            "/api/v1/reports",
                            {"narrative": f"round {round_number} w{worker} #{count}"},
                        )
                    except (OSError, ValueError):  # killed mid-answer: no receipt
                        return  # the server died mid-request: no receipt, nothing promised
                    if status == 201:
                        with lock:
                            receipts.append(body["receipt"])

            threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
            for thread in threads:
                thread.start()
            # Kill mid-burst: once this round has answered a few reports (a loaded machine may
            # take seconds to answer the first), then after a random moment more.
            before = len(receipts)
            deadline = time.monotonic() + 30
            while len(receipts) - before < 4 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.1, 1.0))
            server.send_signal(signal.SIGKILL)
            stop.set()
            for thread in threads:
                thread.join(timeout=15)
        finally:
            server.kill()
            server.wait(timeout=10)

    assert len(receipts) >= 10, "the burst produced too few reports to mean anything"
    port = free_port()
    server = rightsdesk(
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        "--skip-checks",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, time.monotonic() + 60)
        lost = [
            r for r in receipts if post(port, "/api/v1/reporter/login", {"receipt": r})[0] != 200
        ]
    finally:
        server.kill()
        server.wait(timeout=10)
    assert lost == []
