"""Which key seals what in due diligence, and the associated data that pins it there.

One X25519 key pair per assessment (the same construction as a case's report key,
rightsdesk.crypto.reportkeys): everything typed or uploaded into the assessment is sealed to its
public key, so any reader can add to it without unlocking it, and bound to (table, row uid,
field), so a sealed value copied onto another row or field does not open. The private half is
wrapped to each reader's own key and to the escrow key when one is configured.

Why not a server sub-key, like the partner directory: the engagement log records what
rights-holders at risk told the team (sometimes in a country where saying it is dangerous), and
the register says where the organisation's products hurt people. A seized disk holds the server
key; it holds no reader's password.

Nothing here checks permissions: callers go through `rightsdesk.diligence.access` first.
"""

from __future__ import annotations

from rightsdesk.crypto.records import open_bytes, open_json, seal_bytes, seal_json

__all__ = ["open_bytes", "open_json", "seal_bytes", "seal_json"]
