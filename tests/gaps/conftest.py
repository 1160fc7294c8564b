"""Shared paths and fixtures for the gaps tests. No test here touches the network."""

from __future__ import annotations

import bz2
import gzip
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import LazySettings

from rightsdesk.gaps.management.commands.gaps import DEMO_DUMP, SHIPPED_DUMP

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _dump_head() -> Path:
    """The real dump head: from shared/data beside the checkout, else the project's gzipped copy
    of the same bytes, unpacked once (a clone may sit anywhere, CI's included)."""
    shared = SHARED_DATA / DEMO_DUMP
    if shared.is_file():
        return shared
    plain = Path(tempfile.gettempdir()) / f"rightsdesk-{DEMO_DUMP}"
    data = gzip.decompress(SHIPPED_DUMP.read_bytes())
    if not plain.is_file() or plain.read_bytes() != data:
        plain.write_bytes(data)
    return plain


DUMP_HEAD = _dump_head()


@pytest.fixture(scope="session")
def dump_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real dump head as plain text, gzip and bzip2 (names without telling extensions)."""
    folder = tmp_path_factory.mktemp("dumps")
    plain = folder / "head.json"
    shutil.copyfile(DUMP_HEAD, plain)
    data = plain.read_bytes()
    (folder / "head.json.gz").write_bytes(gzip.compress(data))
    (folder / "head.json.bz2").write_bytes(bz2.compress(data))
    return {"plain": plain, "gzip": folder / "head.json.gz", "bzip2": folder / "head.json.bz2"}


@pytest.fixture
def data_dir(settings: LazySettings, tmp_path: Path) -> Path:
    """A fresh, empty DATA_DIR: the observatory starts with no store."""
    settings.DATA_DIR = tmp_path
    return tmp_path
