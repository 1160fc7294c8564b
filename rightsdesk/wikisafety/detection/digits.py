"""Digits in any script as ASCII, one character for one, so spans found in the translated text
index the original too ("۰۹۱۲" and "၀၉၄၂" read as "0912" and "0942")."""

from __future__ import annotations

import unicodedata
from functools import cache

__all__ = ["ascii_digits"]


@cache
def _table() -> dict[int, int]:
    table: dict[int, int] = {}
    # Every decimal digit Unicode defines lies below U+20000 (planes 0 and 1).
    for code in range(0x80, 0x20000):
        if unicodedata.category(chr(code)) == "Nd":
            table[code] = 0x30 + unicodedata.decimal(chr(code))
    return table


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit (Unicode category Nd) replaced by its ASCII digit."""
    return text.translate(_table())
