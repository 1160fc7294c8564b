"""The clear metadata of a case as searchable words, and the filters a search may take.

Threat types, rights, labels, country, status and priority are stored in the clear (they sort
the queues), so a search must find them as well as the encrypted text: "doxxing" must find a
case filed as doxxing even if nobody typed the word. They are matched by their code and by their
label in the searcher's language (and in English, which the team shares), normalised like the
text. Nothing of this is stored: the words are built per search from the rows' columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db.models import QuerySet
from django.utils import translation

from rightsdesk.cases.models import Case
from rightsdesk.cases.search.text import normalise
from rightsdesk.cases.vocabulary import Priority, Right, Status, ThreatType
from rightsdesk.core.countries import country_name

# The columns a search reads, in the order `metadata_words` takes them.
COLUMNS = ("threat_types", "rights", "labels", "country", "status", "priority")


@dataclass(frozen=True)
class SearchFilters:
    """Narrow a search to cases with this status, priority and threat type ("" for any)."""

    status: str = ""
    priority: str = ""
    threat_type: str = ""

    def any(self) -> bool:
        return bool(self.status or self.priority or self.threat_type)

    def apply(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """Status and priority in the database; the threat type is checked per row (`keeps`),
        as SQLite has no JSON containment lookup."""
        if self.status:
            cases = cases.filter(status=self.status)
        if self.priority:
            cases = cases.filter(priority=self.priority)
        return cases

    def keeps(self, threat_types: list[str]) -> bool:
        return not self.threat_type or self.threat_type in threat_types


@cache
def _labels(language: str) -> dict[str, str]:
    """code -> "code, label in `language`, label in English", normalised; per language, once."""
    words: dict[str, str] = {}
    for choices in (ThreatType, Right, Status, Priority):
        for code, label in choices.choices:
            with translation.override(language):
                here = str(label)
            with translation.override("en"):
                english = str(label)
            words[f"{choices.__name__}:{code}"] = normalise(f"{code} {here} {english}")
    return words


def metadata_words(
    *,
    threat_types: list[str],
    rights: list[str],
    labels: list[str],
    country: str,
    status: str,
    priority: str,
) -> str:
    """One case's clear metadata as normalised words, in the active language and English."""
    language = translation.get_language() or "en"
    known = _labels(language)
    parts = [known.get(f"ThreatType:{code}", code) for code in threat_types]
    parts += [known.get(f"Right:{code}", code) for code in rights]
    parts += [known.get(f"Status:{status}", status), known.get(f"Priority:{priority}", priority)]
    parts += labels
    if country:
        parts += [country, country_name(country)]
    return normalise(" ".join(parts))
