"""How text and queries are normalised and split into words (no Django, no keys)."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from rightsdesk.core.refusals import Refused

MIN_QUERY = 2

# Searchable text kept per reader and case; a case that says more is searchable in its first part.
MAX_TEXT = 200_000

_SPACE = re.compile(r"\s+")

MAX_QUERY = 200

MAX_TERMS = 8


class QueryRefused(Refused, ValueError):
    """The query cannot be searched (too short, too long, too many words)."""


def normalise(text: str) -> str:
    """The form text is stored and matched in: NFKC, case-folded, no combining marks."""
    # Fold after the compatibility decomposition ("ᴬ" is an "A") and decompose again after
    # folding ("İ" folds to "i" plus a combining dot), so that the result is a fixed point.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", kept)).strip()


def query_terms(query: str) -> list[str]:
    """The words of `query`, normalised; raises QueryRefused with a message for the user."""
    terms = list(dict.fromkeys(normalise(query).split()))
    if len(query) > MAX_QUERY or len("".join(terms)) < MIN_QUERY or len(terms) > MAX_TERMS:
        raise QueryRefused(
            _("Search for 2 to 200 characters, in at most %(words)d words.") % {"words": MAX_TERMS}
        )
    return terms
