"""Which key hashes what in wikisafety.

- The protected-phrase key: a server sub-key (`server_subkey(b"wiki-protected")`, kept in the
  data directory's `keys/server.key`, never in the database) under which every protected
  volunteer's phrases are hashed with BLAKE2b. A copy of the database alone cannot test a guess
  ("is Jane Doe protected?"); the running server can, which is what the watcher needs.
"""

from __future__ import annotations

from rightsdesk.core.serverkeys import keyed_hasher
from rightsdesk.wikisafety.detection.protected import Digester

PROTECTED_PURPOSE = b"wiki-protected"


def protected_digester() -> Digester:
    """The keyed hash of protected phrases (raw 32 bytes); fetch once per batch of phrases."""
    return keyed_hasher(PROTECTED_PURPOSE)
