"""Tests of rightsdesk.crypto; no Django needed. Shared helpers live here."""

from __future__ import annotations


def flip_bit(data: bytes, bit: int) -> bytes:
    """Return ``data`` with bit number ``bit`` (0 = lowest bit of the first byte) inverted."""
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)
