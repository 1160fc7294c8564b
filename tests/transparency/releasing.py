"""Helpers for release tests: cases made straight from their clear metadata (the tables count
nothing else), and a signed-in admin able to read sealed board examples."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from rightsdesk.cases.models import Case

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
_serial = itertools.count(1)


def cases(
    n: int,
    *,
    on: date = date(2026, 3, 10),
    country: str = "DE",
    priority: str = "P3",
    status: str = "resolved",
    threat_types: tuple[str, ...] = ("doxxing",),
    late: bool = False,
) -> None:
    """`n` cases received on `on`, acknowledged (late or in time)."""
    for _ in range(n):
        number = next(_serial)
        due = datetime(on.year, on.month, on.day, 17, tzinfo=UTC)
        Case.objects.create(
            number=f"T-{number:05d}",
            created_on=on,
            updated_on=on,
            channel="web",
            status=status,
            priority=priority,
            threat_types=list(threat_types),
            country=country,
            public_key=b"\x01" * 32,
            receipt_lookup=f"rel-{number}",
            content=b"",
            ack_due=due,
            acknowledged_at=due + (timedelta(hours=3) if late else -timedelta(hours=3)),
        )
