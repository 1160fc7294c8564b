"""Running one call several times at once, each in its own thread with its own database
connection (closed after), for the tests of double submits and races."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once[T](call: Callable[[], T], times: int = 2, *, timeout: float = 60) -> list[T]:
    """The answers of `times` calls of `call` released together (a barrier), in finishing order;
    a call that raised is missing from them. Needs `transactional_db`: each thread commits."""
    answers: list[T] = []
    gate = threading.Barrier(times)

    def run() -> None:
        try:
            gate.wait()
            answers.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return answers
