"""Targeted edits of office XML parts, as text, without re-serialising them.

Why not an XML parser: re-serialising with ElementTree renames namespace prefixes (``ns0:``),
which breaks ``mc:Ignorable="w14 w15"`` references and makes Word call the file corrupt. So parts
are decoded as text and only the tags we target are rewritten; the tag pattern understands quoted
attribute values (which may contain ``>``). No DTD is ever processed: office formats forbid them,
and a part that has one is refused (entity bombs, external entities).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Collection
from typing import Literal

from .model import FileRefused

Action = Literal["keep", "blank", "drop"]
#: (element local name, attribute local name) -> action.
AttributeRule = Callable[[str, str], Action]

_NAME = r"[A-Za-z_][\w.\-]*"
_ATTRS = r"""(?:[^<>"'/]|"[^"]*"|'[^']*'|/(?!>))*"""
TAG = re.compile(rf"<(?P<name>{_NAME}(?::{_NAME})?)(?P<attrs>{_ATTRS})(?P<end>/?)>")
ATTR = re.compile(rf"""(\s+)((?:{_NAME}:)?({_NAME}))\s*=\s*("[^"]*"|'[^']*')""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def decode(data: bytes) -> tuple[str, str]:
    """Text of an XML part and the codec to encode it back (UTF-8 or UTF-16, BOM kept)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileRefused("corrupt") from exc
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise FileRefused("unsupported")
    return text, encoding


def local(name: str) -> str:
    """Local part of a qualified name."""
    return name.rpartition(":")[2]


def drop_comments(text: str) -> tuple[str, int]:
    """Remove XML comments (``<!-- -->``), which any tool may have filled with anything."""
    return _COMMENT.subn("", text)


def rewrite_attributes(text: str, rule: AttributeRule) -> tuple[str, int]:
    """Blank or drop attributes chosen by ``rule``; returns the new text and the change count."""
    changes = 0

    def attribute(element: str) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            nonlocal changes
            action = rule(element, match.group(3))
            if action == "keep":
                return match.group(0)
            value = match.group(4)
            if action == "drop":
                changes += 1
                return ""
            if len(value) > 2:
                changes += 1
            return f"{match.group(1)}{match.group(2)}={value[0] * 2}"

        return replace

    def tag(match: re.Match[str]) -> str:
        attrs = match.group("attrs")
        if "=" not in attrs:
            return match.group(0)
        new = ATTR.sub(attribute(local(match.group("name"))), attrs)
        return f"<{match.group('name')}{new}{match.group('end')}>"

    return TAG.sub(tag, text), changes


def blank_element_text(text: str, names: Collection[str]) -> tuple[str, int]:
    """Empty the text of simple elements with these local names (``<dc:creator>X</dc:creator>``)."""
    alternatives = "|".join(re.escape(n) for n in names)
    pattern = re.compile(
        rf"(<(?P<q>(?:{_NAME}:)?(?:{alternatives}))\b{_ATTRS}>)([^<]+)(</(?P=q)\s*>)"
    )
    return pattern.subn(lambda m: m.group(1) + m.group(4), text)


def drop_elements(text: str, names: Collection[str]) -> tuple[str, int]:
    """Remove elements with these local names, empty (``<x/>``) or with content."""
    alternatives = "|".join(re.escape(n) for n in names)
    empty = re.compile(rf"<(?:{_NAME}:)?(?:{alternatives})\b{_ATTRS}/>")
    full = re.compile(
        rf"<(?P<q>(?:{_NAME}:)?(?:{alternatives}))\b{_ATTRS}>.*?</(?P=q)\s*>", re.DOTALL
    )
    text, first = empty.subn("", text)
    text, second = full.subn("", text)
    return text, first + second
