"""Codes of the directory named in the reader's language: services and who is served (our
vocabulary), languages (ISO 639, named by Unicode CLDR through Babel), countries
(rightsdesk.core.countries) and regions (rightsdesk.core.regions). Nothing here reads the
database; the codes come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

from rightsdesk.core.countries import country_name
from rightsdesk.core.regions import NAMES
from rightsdesk.partners.vocabulary import Beneficiary, Service

# ISO 639-1 (two letters) or ISO 639-2/3 (three letters); CLDR's other keys (zh_Hans, de_AT)
# are locales, not languages.
_ISO_639 = re.compile(r"^[a-z]{2,3}$")


@cache
def language_codes() -> frozenset[str]:
    """The ISO 639 codes CLDR names: what a partner's languages may be."""
    codes = (str(code) for code in Locale.parse("en").languages)
    return frozenset(code for code in codes if _ISO_639.match(code))


@cache
def _language_names(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return dict(locale.languages)


def language_name(code: str) -> str:
    """`code` named in the active language (the code itself when CLDR has no name)."""
    return _language_names(get_language() or "en").get(code, code)


def language_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) pairs for `codes`, sorted by name in the active language."""
    return sorted(((code, language_name(code)) for code in set(codes)), key=lambda c: c[1])


def service_name(code: str) -> str:
    return str(dict(Service.choices).get(code, code))


def beneficiary_name(code: str) -> str:
    return str(dict(Beneficiary.choices).get(code, code))


def region_name(code: str) -> str:
    return str(NAMES.get(code, code))


def names(kind: str, codes: Iterable[str]) -> list[str]:
    """Each code of `kind` ("service", "language", "country", "region", "serves") named."""
    namer = {
        "service": service_name,
        "language": language_name,
        "country": country_name,
        "region": region_name,
        "serves": beneficiary_name,
    }[kind]
    return [namer(code) for code in codes]
