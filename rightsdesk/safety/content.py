"""Glossary and other per-language content files, with the English fallback."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from rightsdesk.safety.flows import CONTENT_DIR, REFERENCE_LANGUAGE


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str


@cache
def _glossary(language: str) -> tuple[Term, ...] | None:
    path = CONTENT_DIR / language / "glossary.json"
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Term(slug=slug, term=entry["term"], definition=entry["definition"])
        for slug, entry in raw["terms"].items()
    )


def glossary_for(language: str) -> tuple[tuple[Term, ...], bool]:
    """Terms sorted for display, and whether English stood in for a missing translation."""
    terms = _glossary(language)
    fallback = terms is None
    if terms is None:
        terms = _glossary(REFERENCE_LANGUAGE) or ()
    return tuple(sorted(terms, key=lambda t: t.term.casefold())), fallback and (
        language != REFERENCE_LANGUAGE
    )
