"""What a stolen copy of the database would hold: for the canary tests that scan it."""

from __future__ import annotations

from django.apps import apps
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
