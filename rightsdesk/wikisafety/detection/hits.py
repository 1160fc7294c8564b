"""What a recogniser returns, and what every recogniser is given.

Pure Python: the detection package imports nothing of Django, so the watcher, the benchmark and
the property tests run it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Protocol

from babel.core import get_global

__all__ = ["Hints", "Hit", "Kind", "Recogniser", "regions_for_language"]


class Kind(StrEnum):
    """The kinds of personal data the recognisers report (the evaluation queue's labels)."""

    PHONE = "phone"
    NATIONAL_ID = "national_id"
    IBAN = "iban"
    TAX_ID = "tax_id"
    EMAIL = "email"
    IP_ADDRESS = "ip_address"
    COORDINATES = "coordinates"
    STREET_ADDRESS = "street_address"
    SOCIAL_PROFILE = "social_profile"


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of personal data found in a plain text.

    `start`/`end` index the plain text the recogniser was given (`text[start:end]` is what was
    seen); `value` is its normalised form (E.164 for a phone, compact for an ID, lower-case for
    an address of e-mail), held in memory only: the queue stores masks and spans, never values.
    """

    kind: Kind
    start: int
    end: int
    value: str
    recogniser: str
    detail: str = ""  # e.g. the stdnum module ("br.cpf") or the social network's domain


@dataclass(frozen=True, slots=True)
class Hints:
    """What is known about where the text was published: the wiki's content language (a
    BCP 47 code, "fa", "pt-br") and the regions whose national number formats to try first.
    Empty regions means "derive from the language" (`regions_for_language`)."""

    language: str = "en"
    regions: Sequence[str] = field(default_factory=tuple)
    # The editor's own name or address when the edit was made without an account: its
    # signature is not someone else's data.
    editor: str = ""

    def phone_regions(self) -> tuple[str, ...]:
        chosen = [r.upper() for r in self.regions] or list(regions_for_language(self.language))
        return tuple(dict.fromkeys(chosen))


class Recogniser(Protocol):
    """A small, named detector: `find(text, hints)` returns its hits, never raises."""

    name: str

    def find(self, text: str, hints: Hints) -> list[Hit]: ...


@cache
def regions_for_language(language: str) -> tuple[str, ...]:
    """The region a language is most likely written in, from CLDR's likely subtags (Babel):
    "fa" -> IR, "my" -> MM, "ar" -> EG, "pt-br" -> BR. ("ZZ",) when CLDR does not know."""
    tag = (language or "").replace("-", "_").lower()
    parts = tag.split("_")
    if len(parts) > 1 and len(parts[-1]) == 2:
        return (parts[-1].upper(),)
    guess = str(get_global("likely_subtags").get(parts[0], ""))
    region = guess.rsplit("_", maxsplit=1)[-1] if guess else ""
    return (region,) if len(region) == 2 and region.isalpha() else ("ZZ",)
