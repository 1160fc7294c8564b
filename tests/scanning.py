"""What a stolen copy of the database would hold: for the canary tests that scan it."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection


def database_rows() -> bytes:
    """A logical copy of every table: what a stolen dump would hold, on any database."""
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names come from the models
            for row in cursor.fetchall():
                for value in row:
                    raw = value.tobytes() if isinstance(value, memoryview) else value
                    chunks.append(raw if isinstance(raw, bytes) else str(raw).encode())
    return b"\n".join(chunks)


def canary(label: str) -> str:
    """A unique string to plant in one place and look for everywhere else."""
    return f"CANARY{label}{secrets.token_hex(6)}"


def scan_bytes(blob: bytes, needles: dict[str, bytes]) -> list[str]:
    """The names of the `needles` found in `blob`."""
    return [name for name, needle in needles.items() if needle in blob]


def data_dir_hits(needles: dict[str, bytes]) -> tuple[dict[str, list[str]], int]:
    """Every file under the data directory that holds a needle (with which), and how many files
    were read: the SQLite file and its WAL, the encrypted files, the keys."""
    found: dict[str, list[str]] = {}
    data_dir = Path(settings.DATA_DIR)
    scanned = 0
    for path in data_dir.rglob("*"):
        if path.is_file():
            scanned += 1
            hits = scan_bytes(path.read_bytes(), needles)
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    return found, scanned
