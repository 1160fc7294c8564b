"""Regions a partner may serve: the UN M49 geographic sub-regions, with their countries
(`data/m49.json`, shipped; codes are M49's three digits). Sub-Saharan Africa is one region
(M49 "202", not its four sub-regions); Latin America and the Caribbean is split into the
Caribbean, Central America and South America as M49 splits it. Where M49 lists no country of
ours (Kosovo, Taiwan) the one its neighbours are in is used (Southern Europe, Eastern Asia).
A partner serving a region serves every country in it (rightsdesk.partners.matching); a country
with too few demands to publish is counted in its region (rightsdesk.transparency.disclosure).
Kept in core because both pillars use it and neither imports the other."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data" / "m49.json"

# The sub-regions' names, translatable (the data file holds codes and countries only).
NAMES = {
    "015": _("Northern Africa"),
    "202": _("Sub-Saharan Africa"),
    "029": _("Caribbean"),
    "013": _("Central America"),
    "005": _("South America"),
    "021": _("Northern America"),
    "143": _("Central Asia"),
    "030": _("Eastern Asia"),
    "035": _("South-eastern Asia"),
    "034": _("Southern Asia"),
    "145": _("Western Asia"),
    "151": _("Eastern Europe"),
    "154": _("Northern Europe"),
    "039": _("Southern Europe"),
    "155": _("Western Europe"),
    "053": _("Australia and New Zealand"),
    "054": _("Melanesia"),
    "057": _("Micronesia"),
    "061": _("Polynesia"),
    # M49 gives Antarctica no sub-region; listed so that every country code has exactly one.
    "010": _("Antarctica"),
}


@cache
def _table() -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def region_codes() -> tuple[str, ...]:
    return tuple(NAMES)


def region_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in NAMES.items()]


def region_of(country: str) -> str | None:
    """The one sub-region `country` is counted in (every code the site knows has exactly one)."""
    found = regions_of(country)
    return found[0] if found else None


def regions_of(country: str) -> list[str]:
    """The sub-regions `country` (ISO 3166-1 alpha-2) belongs to."""
    return [code for code, countries in _table().items() if country in countries]
