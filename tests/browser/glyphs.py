"""Does every character in Arabic or Myanmar script on a page have a font that draws it?

Checked against the font files themselves (fontTools reads each served face's cmap) and in the
browser (the face the text needs really loaded). Used by the public and the staff screen tests;
it fails on a machine without those fonts unless the page brings its own.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders

SCRIPTS = {  # code points that need a font most machines without the language lack
    "Arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "Myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
}

# Text nodes in a script that needs a font, with the font-family the element uses; and every
# @font-face of the page's stylesheets with its URL resolved.
PAGE_TEXT_JS = """() => {
  const NEEDS_FONT = new RegExp('[\\u0600-\\u06FF\\u0750-\\u077F\\uFB50-\\uFDFF\\uFE70-\\uFEFF' +
                              '\\u1000-\\u109F\\uA9E0-\\uA9FF\\uAA60-\\uAA7F]');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    if (!NEEDS_FONT.test(text)) continue;
    const parent = node.parentElement;
    if (parent.closest('script, style, template, noscript')) continue;
    // An <option> is drawn only when its list opens: its glyphs are checked, not its loading.
    out.push({text, family: getComputedStyle(parent).fontFamily, shown: !parent.closest('option')});
  }
  const faces = [];
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule.constructor.name !== 'CSSFontFaceRule') continue;
      const src = rule.style.getPropertyValue('src');
      const match = /url\\("?([^")]+)"?\\)/.exec(src);
      faces.push({
        family: rule.style.getPropertyValue('font-family').replace(/["']/g, ''),
        weight: rule.style.getPropertyValue('font-weight') || '400',
        range: rule.style.getPropertyValue('unicode-range'),
        url: match ? new URL(match[1], sheet.href).href : '',
      });
    }
  }
  return {nodes: out, faces};
}"""

# The state of each FontFace once the page's fonts have settled.
FONT_STATUS_JS = """async () => {
  await document.fonts.ready;
  return [...document.fonts].map(f => ({family: f.family.replace(/["']/g, ''), weight: f.weight,
                                         range: f.unicodeRange, status: f.status}));
}"""


@cache
def _cmap(path: str) -> frozenset[int]:
    # A dev tool (docs/dependencies.md) without type information.
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # noqa: PLC0415

    return frozenset(TTFont(io.BytesIO(Path(path).read_bytes())).getBestCmap())


def static_file(url: str) -> str:
    found = finders.find(re.sub(r"^https?://[^/]+/static/", "", url), find_all=False)
    assert found, f"font {url} is not a static file"
    return str(found)


def _in_range(code: int, unicode_range: str) -> bool:
    for part in unicode_range.replace(" ", "").split(","):
        low, _, high = part.upper().removeprefix("U+").partition("-")
        if low and int(low, 16) <= code <= int(high or low, 16):
            return True
    return False


def _needs_font(code: int) -> str | None:
    for script, ranges in SCRIPTS.items():
        if any(low <= code <= high for low, high in ranges):
            return script
    return None


def missing_glyphs(page: Any) -> list[str]:
    """Characters in Arabic or Myanmar script that no loaded face of the element's font stack
    covers (per the font file's own cmap), and faces the page needed that did not load."""
    found = page.evaluate(PAGE_TEXT_JS)
    status = page.evaluate(FONT_STATUS_JS)
    faces = found["faces"]
    problems: set[str] = set()
    used: set[tuple[str, str]] = set()
    for node in found["nodes"]:
        families = [name.strip().strip("\"'") for name in node["family"].split(",")]
        for char in node["text"]:
            script = _needs_font(ord(char))
            if script is None:
                continue
            covering = [
                face
                for face in faces
                if face["family"] in families
                and face["url"]
                and _in_range(ord(char), face["range"] or "U+0-10FFFF")
                and ord(char) in _cmap(static_file(face["url"]))
            ]
            if not covering:
                problems.add(f"no font for U+{ord(char):04X} ({script}) in {node['text'][:30]!r}")
                continue
            if node["shown"]:
                # The browser draws the character with the first family of the stack that has
                # it; the families after that one are never fetched for it.
                first = next(
                    name for name in families if any(f["family"] == name for f in covering)
                )
                used.update((f["family"], f["range"]) for f in covering if f["family"] == first)
    for face in status:
        if (face["family"], face["range"]) in used and face["status"] != "loaded":
            problems.add(f"font {face['family']} {face['weight']} is {face['status']}")
    return sorted(problems)
