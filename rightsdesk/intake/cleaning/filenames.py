"""Make an uploaded file name safe to store and to show.

Threat: a name is chosen by the sender. Path parts (``../../etc``, ``C:\\Users\\jane\\``) can
escape a directory and reveal the sender's account name; control characters can forge log lines;
bidi overrides (U+202E) make ``gpj.exe`` display as ``exe.jpg`` to the staff who open it; Windows
reserved names and trailing dots misbehave when saved. Letters of every script are kept: names are
evidence too, and many reporters do not write in Latin script.
"""

from __future__ import annotations

import re
import unicodedata

MAX_FILENAME_CHARS = 150
FALLBACK_FILENAME = "file"

#: Zero-width (non-)joiners are needed to spell words in Persian, Hindi and others; keep them.
_KEEP_FORMAT = frozenset({"\u200c", "\u200d"})
#: Cc control, Cf format (bidi overrides and isolates, marks, BOM), Cs lone surrogates,
#: Zl/Zp line and paragraph separators, Co private use, Cn unassigned.
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$")
_MAX_EXTENSION = 16


def _keep(char: str) -> bool:
    return char in _KEEP_FORMAT or unicodedata.category(char) not in _DROP_CATEGORIES


def safe_filename(name: str) -> str:
    """Return a safe base name: no path, no control/format/bidi characters, at most 150 chars.

    Never empty (falls back to ``"file"``); never starts with a dot (hidden files).
    """
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if _keep(ch))
    name = "".join(" " if ch.isspace() else ch for ch in name)
    name = _WINDOWS_FORBIDDEN.sub("_", name)
    name = re.sub(r" {2,}", " ", name).strip(" .")
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    if len(name) > MAX_FILENAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) < _MAX_EXTENSION:
            stem = stem[: MAX_FILENAME_CHARS - len(ext) - 1].rstrip(" .")
            name = f"{stem}.{ext}" if stem else ext
        else:
            name = name[:MAX_FILENAME_CHARS].rstrip(" .")
    return name or FALLBACK_FILENAME
