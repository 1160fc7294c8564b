"""Secrets in the data directory are created once, whole, even by many first users at once."""

from __future__ import annotations

import threading
from pathlib import Path

from rightsdesk.core.datadir import load_or_create_secret


def test_first_users_at_once_all_read_one_whole_secret(tmp_path: Path) -> None:
    for attempt in range(30):
        path = tmp_path / f"server-{attempt}.key"
        barrier = threading.Barrier(8)
        seen: list[object] = []

        def first_use(
            path: Path = path, barrier: threading.Barrier = barrier, seen: list[object] = seen
        ) -> None:
            barrier.wait()
            try:
                seen.append(load_or_create_secret(path, size=32))
            except RuntimeError as error:  # "damaged": read before the winner had written
                seen.append(error)

        threads = [threading.Thread(target=first_use) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(seen)) == 1, seen
        assert seen[0] == path.read_bytes()
    # No temporary file is left behind.
    assert {p.name for p in tmp_path.iterdir()} == {f"server-{i}.key" for i in range(30)}
