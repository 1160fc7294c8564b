"""Which key seals what in the demand register: one X25519 key pair per demand, the same
construction as due diligence's assessments, and the same helpers (rightsdesk.crypto.records:
JSON or bytes sealed to the record's public key and bound to (table, row uid, field)).

Why not a server sub-key: a demand names the accounts a government wants to identify, often
volunteers in danger; a seized disk holds the server key, never a reader's password.

Nothing here checks permissions: callers go through `rightsdesk.demands.access` first.
"""

from __future__ import annotations

from rightsdesk.crypto.records import open_bytes, open_json, seal_bytes, seal_json

DEMAND = "demands_demand"
REVIEW = "demands_reviewnote"
MOVE = "demands_demandmove"
DOCUMENT = "demands_demanddocument"
NOTICE = "demands_publicnotice"

__all__ = [
    "DEMAND",
    "DOCUMENT",
    "MOVE",
    "NOTICE",
    "REVIEW",
    "open_bytes",
    "open_json",
    "seal_bytes",
    "seal_json",
]
