"""A server process that starts sweeps the upload spool files a killed server left behind (old
ones only: a sibling worker may be receiving an upload right now); management commands do not."""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from rightsdesk.core.files import SPOOL_SAFE_AGE_SECONDS, spool_dir


@pytest.fixture
def left_behind() -> Iterator[tuple[Path, Path]]:
    old = spool_dir() / "left-by-a-killed-server"
    old.write_bytes(b"ciphertext whose key died with the request")
    then = time.time() - SPOOL_SAFE_AGE_SECONDS - 60
    os.utime(old, (then, then))
    fresh = spool_dir() / "upload-arriving-in-a-sibling-worker"
    fresh.write_bytes(b"ciphertext")
    yield old, fresh
    old.unlink(missing_ok=True)
    fresh.unlink(missing_ok=True)


def test_a_starting_server_sweeps_old_spool_files(left_behind: tuple[Path, Path]) -> None:
    old, fresh = left_behind
    sys.modules.pop("rightsdesk.wsgi", None)
    importlib.import_module("rightsdesk.wsgi")  # what gunicorn and runserver load first
    assert not old.exists()
    assert fresh.exists()


def test_a_management_command_leaves_the_spool_alone(
    db: None, left_behind: tuple[Path, Path]
) -> None:
    old, fresh = left_behind
    call_command("check", verbosity=0)
    assert old.exists()
    assert fresh.exists()
