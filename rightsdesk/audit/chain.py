"""The MAC that links audit entries, shared by the writer (services) and the verifier."""

from __future__ import annotations

import json
from datetime import datetime

from rightsdesk.core.serverkeys import keyed_digest

GENESIS = "0" * 64


def entry_mac(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    prev_mac: str,
) -> str:
    """Keyed BLAKE2b over a canonical JSON encoding of the entry and its predecessor's MAC."""
    canonical = json.dumps(
        [
            seq,
            at.isoformat(timespec="microseconds"),
            actor,
            action,
            target_type,
            target_id,
            prev_mac,
        ],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return keyed_digest(b"audit-chain", canonical.encode("ascii"))
