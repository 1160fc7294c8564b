"""The tables a release can publish: a registry filled from settings.

Each pillar's counts come from a provider listed in `settings.RIGHTSDESK_TRANSPARENCY_TABLES`
(dotted paths to functions returning `TableDef`s), the same hook shape as RIGHTSDESK_CLOCKS: the
pillars never import transparency, and the disclosure rules never import a pillar. A provider
reads only a pillar's clear metadata (codes, dates, countries; docs/security/crypto.md) and
returns whole-number counts; everything published then goes through `transparency.disclosure`.
The demand register adds its tables by adding its provider to the setting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.conf import settings
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from rightsdesk.transparency.disclosure import CountTable, LinkSpec, SumSpec, label_name

Counter = Callable[[date, date], CountTable]


@dataclass(frozen=True)
class TableDef:
    """One published table. `count(start, end)` counts what happened from `start` (included)
    to `end` (excluded), from clear metadata only, with stable row and column keys (codes, not
    display text); `names` turns a key into the reader's language. `version` changes whenever
    the counting changes (it is part of the release's definition hash).

    `audiences`: which rule sets publish it ("public", "board"). `countries`: rows are country
    codes, rolled up into regions by the rules. `wikimedia`: the section of the
    Wikimedia-shaped CSV its rows go into ("" for none). `trend`: the columns are periods in
    order and every record counts in exactly one inside cell, so the table may be drawn with
    differential privacy instead of suppressed (`transparency.trends`), and is drawn as a line
    chart. `links`: numbers this table shares with other tables of a release (protected together,
    `disclosure.protect_linked`).
    """

    name: str
    title: str | Promise
    rows_label: str | Promise
    cols_label: str | Promise
    count: Counter
    version: str = "1"
    names: Callable[[str], str] = label_name
    audiences: tuple[str, ...] = ("public", "board")
    countries: bool = False
    months: bool = False
    wikimedia: str = ""
    trend: bool = False
    links: tuple[LinkSpec | SumSpec, ...] = ()

    def key(self) -> str:
        """What the definition hash covers: the name, version, counting function and shape."""
        where = f"{self.count.__module__}.{getattr(self.count, '__qualname__', '')}"
        return "|".join(
            (
                self.name,
                self.version,
                where,
                str(self.countries),
                str(self.months),
                self.wikimedia,
                *(("trend",) if self.trend else ()),
            )
        )


@cache
def _load(paths: tuple[str, ...]) -> dict[str, TableDef]:
    found: dict[str, TableDef] = {}
    for path in paths:
        provider = import_string(path)
        for definition in provider():
            if definition.name in found:
                raise ValueError(f"two transparency tables are named {definition.name!r}")
            found[definition.name] = definition
    return found


def registry() -> dict[str, TableDef]:
    """Every table definition the settings list, by name, in their order."""
    return _load(tuple(getattr(settings, "RIGHTSDESK_TRANSPARENCY_TABLES", ())))


def tables_for(audience: str) -> list[TableDef]:
    return [d for d in registry().values() if audience in d.audiences]


def definition_hash(definitions: Iterable[TableDef]) -> str:
    """A short hash of the definitions a release used: a release made by other counting shows
    another hash, so two releases are compared only when they count the same way."""
    text = "\n".join(sorted(d.key() for d in definitions))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def choice_names(choices: Iterable[tuple[str, object]]) -> Callable[[str], str]:
    """A `names` function from a Django choices list (labels translate when called)."""
    labels = dict(choices)

    def name(key: str) -> str:
        label = labels.get(key)
        return str(label) if label is not None else label_name(key)

    return name
