"""The bot's password, sealed under a server sub-key (`server_subkey(b"wiki-bot")`).

Why a server sub-key and not a user's key: the watcher signs in as the bot in the background,
with nobody signed in, so the server must be able to open it; a copy of the database alone
cannot (the master key lives in the data directory, docs/security/crypto.md). The sealed value
is bound to (table, wiki uid, field), so it cannot be moved to another wiki's row.
"""

from __future__ import annotations

from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import bind, secretbox

WIKI_TABLE = "wikisafety_wiki"


def _aad(wiki_uid: object) -> bytes:
    return bind(table=WIKI_TABLE, row=str(wiki_uid), field="bot_password")


def seal_bot_password(password: str, *, wiki_uid: object) -> bytes:
    return secretbox.encrypt(password.encode(), server_subkey(b"wiki-bot"), _aad(wiki_uid))


def open_bot_password(sealed: bytes, *, wiki_uid: object) -> str:
    """The password `seal_bot_password` sealed; "" for none."""
    if not sealed:
        return ""
    return secretbox.decrypt(bytes(sealed), server_subkey(b"wiki-bot"), _aad(wiki_uid)).decode()
