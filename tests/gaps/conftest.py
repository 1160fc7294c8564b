"""Shared paths and fixtures for the gaps tests. No test here touches the network."""

from __future__ import annotations

import bz2
import gzip
import shutil
from pathlib import Path

import pytest
from django.conf import LazySettings

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMP_HEAD = SHARED_DATA / "wikidata-dump-head-2017.ndjson"


@pytest.fixture(scope="session")
def dump_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real dump head as plain text, gzip and bzip2 (names without telling extensions)."""
    if not DUMP_HEAD.is_file():
        pytest.fail(f"{DUMP_HEAD} is missing: shared/data must sit beside the checkout")
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
