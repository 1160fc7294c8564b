"""Countries and territories, named in the visitor's language (Unicode CLDR, through Babel).

The list of codes ships with the project (core/data/countries.tsv, from Wikimedia's canonical
data); names come from CLDR so that all seven interface languages get correct names without a
hand-made translation of 250 names.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "countries.tsv"


@cache
def country_codes() -> tuple[str, ...]:
    codes = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            codes.append(line.split("\t")[0])
    return tuple(codes)


@cache
def _names(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    territories = locale.territories
    return {code: territories.get(code, code) for code in country_codes()}


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs in the active language, sorted by name."""
    names = _names(get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1])


def country_name(code: str) -> str:
    return _names(get_language() or "en").get(code, code)
