"""The topic rules, version `hr-topics-1`: which Wikidata items are human-rights topics.

No item id is written here. Every class and concept is found in the dump by its English label
(when several items share a label, the one with the most Wikipedia sitelinks: the sense readers
meet), countries come from countries.tsv's Wikidata ids, and memberships follow the dump's own
statements (P31 instance of, P279 subclass of, P106 occupation, P17 country, P1001 jurisdiction).
Changing anything here changes the topic set: bump RULES_VERSION and say why in docs/gaps.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RULES_VERSION = "hr-topics-1"

# Group "concept": concepts and instruments, matched on the exact English label (case-folded).
CONCEPT_LABELS = (
    "human rights",
    "Universal Declaration of Human Rights",
    "International Covenant on Civil and Political Rights",
    "International Covenant on Economic, Social and Cultural Rights",
    "International Bill of Human Rights",
    "European Convention on Human Rights",
    "American Convention on Human Rights",
    "African Charter on Human and Peoples' Rights",
    "Convention on the Rights of the Child",
    "Convention on the Elimination of All Forms of Discrimination Against Women",
    "United Nations Convention against Torture",
    "Convention on the Rights of Persons with Disabilities",
    "freedom of speech",
    "freedom of expression",
    "freedom of religion",
    "freedom of assembly",
    "freedom of association",
    "freedom of the press",
    "freedom of information",
    "freedom of movement",
    "right to privacy",
    "right to life",
    "right to a fair trial",
    "right to education",
    "right to health",
    "right to asylum",
    "digital rights",
    "internet censorship",
    "censorship",
    "torture",
    "enforced disappearance",
    "arbitrary arrest and detention",
    "human rights defender",
    "political prisoner",
    "prisoner of conscience",
)

# Classes found by label whose instances (P31, through P279 subclasses) are organisations.
ORGANISATION_CLASSES = ("human rights organization",)
# Occupations (P106, through P279 subclasses) that make a person a defender.
DEFENDER_OCCUPATIONS = ("human rights activist", "human rights defender", "human rights lawyer")
# How far down the P279 tree a class may sit below an anchor and still count.
SUBCLASS_DEPTH = 3

# Statements that say which country a per-country article is about, tried in this order.
PLACE_PROPERTIES = ("P17", "P1001")


@dataclass(frozen=True)
class Series:
    """A per-country series: its key and a pattern per language catching the place's name."""

    key: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def _p(language: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    return language, re.compile(pattern, re.IGNORECASE)


SERIES = (
    Series(
        "human-rights-in",
        (
            _p("en", r"^Human rights in (?:the )?(?P<place>.+)$"),
            _p("de", r"^Menschenrechte (?:in|im) (?:der |den )?(?P<place>.+)$"),
            _p("fr", r"^Droits de l[\u2019']homme (?:en|au|aux|à) (?:l[\u2019'])?(?P<place>.+)$"),
            _p("es", r"^Derechos humanos en (?:el |la |los |las )?(?P<place>.+)$"),
        ),
    ),
    Series(
        "freedom-of-religion-in",
        (
            _p("en", r"^Freedom of religion in (?:the )?(?P<place>.+)$"),
            _p("de", r"^Religionsfreiheit (?:in|im) (?:der |den )?(?P<place>.+)$"),
            _p("fr", r"^Liberté de religion (?:en|au|aux|à) (?:l[\u2019'])?(?P<place>.+)$"),
            _p("es", r"^Libertad religiosa en (?:el |la |los |las )?(?P<place>.+)$"),
        ),
    ),
    Series(
        "lgbt-rights-in",
        (
            _p("en", r"^LGBT(?:Q|QI|QIA)?\+? rights in (?:the )?(?P<place>.+)$"),
            _p("es", r"^Diversidad sexual en (?:el |la |los |las )?(?P<place>.+)$"),
        ),
    ),
    Series(
        "censorship-in",
        (
            _p("en", r"^(?:Internet )?[Cc]ensorship in (?:the )?(?P<place>.+)$"),
            _p("de", r"^(?:Internet)?[Zz]ensur (?:in|im) (?:der |den )?(?P<place>.+)$"),
        ),
    ),
    Series(
        "press-freedom-in",
        (
            _p("en", r"^Freedom of the press in (?:the )?(?P<place>.+)$"),
            _p("de", r"^Pressefreiheit (?:in|im) (?:der |den )?(?P<place>.+)$"),
        ),
    ),
)
SERIES_LANGUAGES = tuple(sorted({lang for s in SERIES for lang, _ in s.patterns}))

GROUPS = ("concept", "country-series", "defender", "organisation")
