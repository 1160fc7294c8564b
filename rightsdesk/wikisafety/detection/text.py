# ruff: noqa: RUF001, RUF002 - coordinates are written with primes
"""The text an edit added, as a reader of the page or of its source would see it.

Two steps, both total (any string in, a string out, never an exception):

1. `added_wikitext` diffs the old and new wikitext by lines, then by words inside the lines that
   changed, and keeps each added run of words with `CONTEXT_WORDS` unchanged words either side.
   The context is deliberate: an edit that completes a number already half there ("+1 555" ->
   "+1 555 0100") or adds a surname after a first name must be seen whole. The price is that
   personal data already on the page right next to a change is seen again.
2. `plain_text` parses that wikitext with mwparserfromhell and renders every node to text, with
   these decisions, so that markup neither hides a hit nor fakes one:

   - Comments (`<!-- -->`) vanish from the running text (MediaWiki does not render them, so
     "+1 5<!-- -->55 0100" reads "+1 555 0100"), and their content is appended as a separate
     segment: it is still published in the page's source and its history.
   - Templates: each parameter value is its own segment; parameter names are dropped (they are
     the template's vocabulary, not the editor's words). `{{coord|...}}` and its aliases are
     rendered as one coordinate string ("48°51′24″N 2°21′7″E" or "48.8584, 2.2945") so the
     coordinates recogniser sees a place, not six numbers on six lines.
   - Wiki links: the shown text, then the target as its own segment (`[[tel|+1 555 0100]]` shows
     the number; `[[User:Jane Doe|x]]` publishes the name in the target).
   - External links: the title, then the URL as its own segment (social-profile links).
   - Tags: the contents inline (`<ref>`, `<span>`, `<nowiki>`), attribute values as separate
     segments (a `title="..."` is published too).
   - HTML entities are decoded (`&#43;1` is "+1"); bold/italic quotes and headings' `=` vanish.

   Segments are separated by a newline. Recognisers never match across a newline, so two
   parameters or a link's text and its target never join into a hit that is not in the page.

When the parser fails (it should not, but the input is hostile), the raw wikitext with comments
removed is used instead: over-reporting beats missing an edit.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Iterator

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

__all__ = ["CONTEXT_WORDS", "added_text", "added_wikitext", "plain_text"]

CONTEXT_WORDS = 6
# Longest wikitext the scanner parses per edit: a page blanked and replaced by megabytes is
# scanned on its first MAX_WIKITEXT characters (a counted, documented limit, not a crash).
MAX_WIKITEXT = 2_000_000

_WORDS = re.compile(r"\s+|[^\s]+")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
_COORD_NAMES = frozenset({"coord", "coor", "coordinates", "coord dms", "location", "مختصات"})
_MAX_DEPTH = 60


def added_text(old_wikitext: str, new_wikitext: str) -> str:
    """The plain text the edit from `old_wikitext` to `new_wikitext` added (see the module)."""
    return plain_text(added_wikitext(old_wikitext, new_wikitext))


def added_wikitext(old_wikitext: str, new_wikitext: str) -> str:
    """The added runs of wikitext with their context, one run per line.

    Comments are removed from both sides first (their contents join the runs as lines of their
    own when they are new), so that inserting `<!-- -->` inside a number neither hides it nor
    counts as an addition.
    """
    old = (old_wikitext or "")[:MAX_WIKITEXT]
    new = (new_wikitext or "")[:MAX_WIKITEXT]
    old_comments = set(_comments(old))
    new_comments = [c for c in _comments(new) if c not in old_comments]
    # Most edits change one place of a long page: the common head and tail (whole lines) are
    # cut first, so the line diff runs on the changed middle only.
    old_body, new_body = _changed_middle(_COMMENT.sub("", old), _COMMENT.sub("", new))
    old_lines = old_body.splitlines()
    new_lines = new_body.splitlines()
    runs: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            runs.extend(new_lines[j1:j2])
        elif tag == "replace":
            runs.extend(_added_words("\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])))
    runs.extend(new_comments)
    return "\n".join(run for run in runs if run.strip())


_BLOCK = 2048


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix: whole blocks compared in C, then bisection in the first
    block that differs."""
    size = min(len(a), len(b))
    low = 0
    while low + _BLOCK <= size and a[low : low + _BLOCK] == b[low : low + _BLOCK]:
        low += _BLOCK
    start, high = low, min(size, low + _BLOCK)
    while low < high:
        mid = (low + high + 1) // 2
        if a[start:mid] == b[start:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _changed_middle(old: str, new: str) -> tuple[str, str]:
    """`old` and `new` without their common leading and trailing whole lines."""
    # Only lines whose newline is inside the common prefix are common.
    head = old.rfind("\n", 0, _common_prefix(old, new)) + 1
    old, new = old[head:], new[head:]
    tail = _common_prefix(old[::-1], new[::-1])
    if tail:
        cut = old.find("\n", len(old) - tail)
        keep_old = len(old) if cut == -1 else cut
        keep_new = len(new) - (len(old) - keep_old)
        if keep_new >= 0 and old.endswith(new[keep_new:]):
            old, new = old[:keep_old], new[:keep_new]
    return old, new


def _comments(wikitext: str) -> Iterator[str]:
    for match in _COMMENT.finditer(wikitext):
        body = match.group(1).strip()
        if body:
            yield body


def _added_words(old: str, new: str) -> list[str]:
    """Inside a changed block, the added word runs with CONTEXT_WORDS words either side."""
    old_tokens = _WORDS.findall(old)
    new_tokens = _WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    spans: list[tuple[int, int]] = []
    # Tokens alternate word/space, so CONTEXT_WORDS words is twice as many tokens.
    pad = 2 * CONTEXT_WORDS
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace") and any(t.strip() for t in new_tokens[j1:j2]):
            start, end = max(0, j1 - pad), min(len(new_tokens), j2 + pad)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return ["".join(new_tokens[start:end]).strip() for start, end in spans]


def plain_text(wikitext: str) -> str:
    """Wikitext rendered to the text a reader sees plus what only the source shows (see the
    module's decisions). Total: never raises."""
    wikitext = (wikitext or "")[:MAX_WIKITEXT]
    comments = list(_comments(wikitext))
    try:
        code = mwparserfromhell.parse(_COMMENT.sub("", wikitext), skip_style_tags=True)
        parts = list(_render(code.nodes, 0))
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError):
        return _fallback(wikitext)
    text = "\n".join(["".join(parts), *comments])
    # Collapse runs of separators; keep the newline that separates segments.
    text = re.sub(r"[ \t\f\v\u00a0]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _fallback(wikitext: str) -> str:
    comments = list(_comments(wikitext))
    return "\n".join([html.unescape(_COMMENT.sub("", wikitext)), *comments]).strip()


def _render(nodes: Iterable[Node], depth: int) -> Iterator[str]:
    if depth > _MAX_DEPTH:
        yield "\n" + "".join(str(n) for n in nodes) + "\n"
        return
    for node in nodes:
        yield from _render_node(node, depth + 1)


def _segment(code: Wikicode | None, depth: int) -> Iterator[str]:
    if code is None:
        return
    yield "\n"
    yield from _render(code.nodes, depth)
    yield "\n"


def _render_node(node: Node, depth: int) -> Iterator[str]:
    if isinstance(node, Text):
        yield node.value
    elif isinstance(node, HTMLEntity):
        try:
            yield node.normalize()
        except (ValueError, OverflowError):
            yield str(node)
    elif isinstance(node, Comment):
        # plain_text took comments out before parsing; nothing is left to render.
        return
    elif isinstance(node, Template):
        yield from _render_template(node, depth)
    elif isinstance(node, (Wikilink, ExternalLink)):
        yield from _render_link(node, depth)
    elif isinstance(node, Tag):
        yield from _render_tag(node, depth)
    elif isinstance(node, Heading):
        yield "\n"
        yield from _render(node.title.nodes, depth)
        yield "\n"
    elif isinstance(node, Argument):
        yield from _segment(node.name, depth)
        yield from _segment(node.default, depth)
    else:
        yield str(node)


def _render_link(node: Wikilink | ExternalLink, depth: int) -> Iterator[str]:
    shown = node.text if isinstance(node, Wikilink) else node.title
    if shown is not None:
        yield from _render(shown.nodes, depth)
    yield from _segment(node.title if isinstance(node, Wikilink) else node.url, depth)


_INLINE_TAGS = frozenset({"b", "i", "span", "small", "big", "s", "u", "sup", "sub"})


def _render_tag(node: Tag, depth: int) -> Iterator[str]:
    for attribute in node.attributes:
        yield from _segment(attribute.value, depth)
    block = str(node.tag).strip().lower() not in _INLINE_TAGS
    if block:
        yield "\n"
    yield from _render(node.contents.nodes, depth)
    if block:
        yield "\n"


def _render_template(node: Template, depth: int) -> Iterator[str]:
    name = str(node.name).strip().lower().replace("_", " ")
    if name in _COORD_NAMES:
        values = [
            "".join(_render(p.value.nodes, depth)).strip() for p in node.params if not p.showkey
        ]
        rendered = _coord_text(values)
        if rendered:
            yield "\n" + rendered + "\n"
            return
    for param in node.params:
        yield from _segment(param.value, depth)


def _coord_text(values: list[str]) -> str:
    """`{{coord}}`'s positional parameters as one coordinate string, or "" when they do not
    read as coordinates (then each parameter is shown as its own segment)."""
    values = [v for v in values if v]
    hemispheres = {"N", "S", "E", "W"}
    if len(values) >= 2 and not (set(values) & hemispheres):
        return f"{values[0]}, {values[1]}"
    try:
        lat_end = next(i for i, v in enumerate(values) if v.upper() in ("N", "S"))
        lon_end = next(i for i, v in enumerate(values) if v.upper() in ("E", "W"))
    except StopIteration:
        return ""
    lat, lon = values[:lat_end], values[lat_end + 1 : lon_end]
    if not (1 <= len(lat) <= 3 and 1 <= len(lon) <= 3):
        return ""
    marks = ("°", "′", "″")
    lat_text = "".join(v + m for v, m in zip(lat, marks, strict=False)) + values[lat_end].upper()
    lon_text = "".join(v + m for v, m in zip(lon, marks, strict=False)) + values[lon_end].upper()
    return f"{lat_text} {lon_text}"
