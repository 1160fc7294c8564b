"""Template filters of the directory's pages: codes named in the reader's language, and an
OpenPGP fingerprint in groups of four."""

from __future__ import annotations

from collections.abc import Iterable

from babel import UnknownLocaleError
from babel.lists import format_list
from django import template
from django.utils.translation import get_language

from rightsdesk.partners.directory.display import names
from rightsdesk.partners.vocabulary import DeclineReason, Outcome

register = template.Library()


def _joined(kind: str, codes: Iterable[str] | None) -> str:
    """The names as a list in the reader's language ("a, b and c"; "a، b و c" in Arabic)."""
    named = names(kind, codes or [])
    if not named:
        return ""
    language = (get_language() or "en").replace("-", "_")
    try:
        return format_list(named, style="standard", locale=language)
    except (UnknownLocaleError, ValueError, KeyError):
        return ", ".join(named)


@register.filter
def services_named(codes: Iterable[str] | None) -> str:
    return _joined("service", codes)


@register.filter
def languages_named(codes: Iterable[str] | None) -> str:
    return _joined("language", codes)


@register.filter
def countries_named(codes: Iterable[str] | None) -> str:
    return _joined("country", codes)


@register.filter
def regions_named(codes: Iterable[str] | None) -> str:
    return _joined("region", codes)


@register.filter
def serves_named(codes: Iterable[str] | None) -> str:
    return _joined("serves", codes)


@register.filter
def service_named(code: str) -> str:
    return names("service", [code])[0]


@register.filter
def fingerprint(value: str) -> str:
    """ "0123ABCD..." as "0123 ABCD ..." (how people compare it aloud)."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


@register.filter
def outcome_named(code: str) -> str:
    return str(dict(Outcome.choices).get(code, code))


@register.filter
def decline_named(code: str) -> str:
    return str(dict(DeclineReason.choices).get(code, code))
