"""Steps on the real local MediaWiki the tests take as ordinary wiki users: create an account,
upload a file (the client of tests/wikisafety/conftest.py signs in)."""

from __future__ import annotations

import struct
import uuid
import zlib
from typing import Any

from rightsdesk.wikisafety.mediawiki.client import WikiClient


def png(rgb: tuple[int, int, int], size: int = 4) -> bytes:
    """A small valid PNG of one colour: a distinct file (and SHA-1) per colour."""
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _token(client: WikiClient, kind: str) -> str:
    answer = client.query(meta="tokens", type=kind)
    return str(answer["query"]["tokens"][f"{kind}token"])


def create_account(api_url: str) -> tuple[str, str]:
    """A brand-new account (name, password), made through the API as a visitor would."""
    client = WikiClient(api_url, timeout=30, retries=0, retry_wait=0)
    name = f"Newcomer {uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex + "Aa1!"
    answer: Any = client.site.api(
        "createaccount",
        "POST",
        username=name,
        password=password,
        retype=password,
        createreturnurl="http://127.0.0.1/",
        createtoken=_token(client, "createaccount"),
        formatversion=2,
    )
    assert answer["createaccount"]["status"] == "PASS", answer
    return name, password


def upload(client: WikiClient, data: bytes, name: str | None = None) -> str:
    """Upload `data` as a new file; its title ("File:...")."""
    filename = name or f"Upload {uuid.uuid4().hex[:8]}.png"
    answer = client.site.raw_call(
        "api",
        {
            "action": "upload",
            "filename": filename,
            "token": _token(client, "csrf"),
            "format": "json",
            "formatversion": 2,
            "ignorewarnings": 1,
        },
        files={"file": (filename, data)},
    )
    assert '"result":"Success"' in answer, answer[:500]
    return f"File:{filename}"
