"""The task tests run on both task backends: the database worker (the default) and RQ on Redis.

`queue` is parametrised: each test runs once per backend, with enqueued tasks left queued until
the test drains them with `queue.run()`, as the worker would. The RQ half needs a Redis: the one
RIGHTSDESK_REDIS_URL names (CI: .ci/run starts it with scripts/redis-start), each xdist worker on
a database number of its own (1-15); else one started here (scripts/redis-start, per session
and worker, on a free loopback port). Without Debian's `redis-server` the RQ half is skipped
with the reason, except where RIGHTSDESK_REQUIRE_REDIS=1 (CI), where that fails the run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import django_rq
import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import Job, RQBackend
from rq import SimpleWorker

from tests.tasking import task_backend

ROOT = Path(__file__).resolve().parents[2]
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _missing() -> str | None:
    if not shutil.which("redis-server") or not shutil.which("redis-cli"):
        return "redis-server is not installed (apt-get install redis-server, or make redis)"
    return None


def _worker_database(url: str) -> str | None:
    """`url` with this xdist worker's own database number, so workers never flush each other's
    queue; None past the 15 numbers a Redis has besides 0."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0) + 1
    if number > 15:
        return None
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Redis RIGHTSDESK_REDIS_URL names, or one of this session's own (scripts/redis-start),
    stopped and removed at the end."""
    given = os.environ.get("RIGHTSDESK_REDIS_URL", "").strip()
    if given and (url := _worker_database(given)):
        yield url
        return
    missing = _missing()
    if missing:
        if os.environ.get("RIGHTSDESK_REQUIRE_REDIS") == "1":
            pytest.fail(f"the RQ task tests are required here: {missing}")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("redis")
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(ROOT / "scripts" / "redis-start"), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "RIGHTSDESK_REDIS_PORT": str(_free_port())},
    )
    if done.returncode != 0:
        pytest.fail(f"scripts/redis-start failed:\n{done.stderr[-3000:]}")
    try:
        yield shlex.split(done.stdout.strip().splitlines()[-1])[0]
    finally:
        subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "redis-stop"), str(folder), "--purge"],
            check=False,
            timeout=60,
        )


@dataclass
class Queue:
    """The backend under test and how to drain it as its worker does."""

    name: str

    def run(self, rounds: int = 10) -> None:
        """Run every queued task, then the tasks those queued, until none is left."""
        for _ in range(rounds):
            if not self.pending():
                return
            self._work()
        raise AssertionError(f"{self.name}: tasks still queued after {rounds} rounds")

    def pending(self) -> int:
        if self.name == "database":
            return DBTaskResult.objects.ready().count()
        return int(self._rq_queue().count)

    def stored(self) -> list[bytes]:
        """Everything the queue keeps, raw: what an attacker with the broker (or the table)
        would read."""
        if self.name == "database":
            return [repr(row).encode() for row in DBTaskResult.objects.values()]
        connection = self._rq_queue().connection
        raw: list[bytes] = []
        for key in connection.keys("*"):
            kind = connection.type(key)
            if kind == b"string":
                raw.append(connection.get(key) or b"")
            elif kind == b"hash":
                for field, value in connection.hgetall(key).items():
                    raw.append(field + b"=" + value)
                    if field == b"data":  # a job's function and arguments: zlib over pickle
                        raw.append(zlib.decompress(value))
            elif kind == b"list":
                raw += connection.lrange(key, 0, -1)
            elif kind == b"zset":
                raw += connection.zrange(key, 0, -1)
            elif kind == b"set":
                raw += list(connection.smembers(key))
            elif kind == b"stream":
                for _id, fields in connection.xrange(key):
                    raw += [k + b"=" + v for k, v in fields.items()]
        return raw

    def _rq_queue(self) -> Any:
        return django_rq.get_queue("default", job_class=Job)

    def _work(self) -> None:
        if self.name == "database":
            call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")
            return
        queue = self._rq_queue()
        # In this process (SimpleWorker does not fork): the test sees the mail it sends.
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(
            burst=True, logging_level="WARNING"
        )


@pytest.fixture(params=["database", "rq"])
def queue(request: pytest.FixtureRequest, transactional_db: None) -> Iterator[Queue]:
    """Each test once on the database worker and once on RQ; tasks wait for `queue.run()`."""
    if request.param == "database":
        with task_backend(DATABASE):
            assert isinstance(task_backends["default"], DatabaseBackend)
            yield Queue("database")
        return
    url = request.getfixturevalue("redis_url")

    with override_settings(RQ_QUEUES={"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}):
        chosen = Queue("rq")
        chosen._rq_queue().connection.flushdb()
        with task_backend(RQ):
            backend: object = task_backends["default"]
            assert isinstance(backend, RQBackend)
            yield chosen
        chosen._rq_queue().connection.flushdb()
