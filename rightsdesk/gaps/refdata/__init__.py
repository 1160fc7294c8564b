"""Reference data published by others, shipped with the app (sources in SOURCES.md beside this).

Loaded once per process and cached: the files are small and never change while running.
Nothing here is edited by the project; corrections belong upstream.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The head of the 2017 Wikidata JSON dump (CC0), gzipped: the same bytes as
# shared/data/wikidata-dump-head-2017.ndjson, so a clone without shared/data has it too.
DUMP_HEAD = HERE / "wikidata-dump-head-2017.ndjson.gz"

# Konkani (ISO 639 `kok`, a macrolanguage) is written on Wikipedia as Goan Konkani, gom.wikipedia.
# wikis.tsv knows the wiki only as `gom`; without this a Konkani speaker would be told they have
# no Wikipedia.
LANGUAGE_ALIASES = {"kok": "gom"}

# The 22 languages of the Eighth Schedule to the Constitution of India, as ISO 639 codes.
INDIA_SCHEDULED = (
    ("as", "Assamese"),
    ("bn", "Bengali"),
    ("brx", "Bodo"),
    ("doi", "Dogri"),
    ("gu", "Gujarati"),
    ("hi", "Hindi"),
    ("kn", "Kannada"),
    ("ks", "Kashmiri"),
    ("kok", "Konkani"),
    ("mai", "Maithili"),
    ("ml", "Malayalam"),
    ("mni", "Manipuri"),
    ("mr", "Marathi"),
    ("ne", "Nepali"),
    ("or", "Odia"),
    ("pa", "Punjabi"),
    ("sa", "Sanskrit"),
    ("sat", "Santali"),
    ("sd", "Sindhi"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("ur", "Urdu"),
)
LANGUAGE_SETS: dict[str, tuple[tuple[str, str], ...]] = {"india": INDIA_SCHEDULED}


@dataclass(frozen=True)
class Wiki:
    code: str  # database code, e.g. "mywiki"
    subdomain: str  # "my"
    language: str  # language code in wikis.tsv
    language_name: str
    open: bool


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    qid: str
    risk: float | None  # Wikimedia's data_risk_score, 0-100; None where unpublished
    classification: str


@dataclass(frozen=True)
class Territory:
    language: str  # Wikimedia language code (a Wikipedia subdomain)
    iso: str
    status: str  # "national", "regional", "no" (spoken but not official), ""


@dataclass(frozen=True)
class FeatureMaxima:
    wiki: str
    num_pages: int
    max_length: float
    max_media: float
    max_cats: float
    max_refs: float
    max_headings: float
    max_links: float
    max_srcs: float


def _tsv(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@cache
def wikipedias() -> dict[str, Wiki]:
    """Every Wikipedia in wikis.tsv (open and closed), by database code."""
    found: dict[str, Wiki] = {}
    for row in _tsv("wikis.tsv"):
        if row["database_group"] != "wikipedia":
            continue
        code = row["database_code"]
        found[code] = Wiki(
            code=code,
            subdomain=row["domain_name"].split(".", 1)[0],
            language=row["language_code"],
            language_name=row["language_name"],
            open=row["status"] == "open",
        )
    return found


@cache
def _by_language() -> dict[str, Wiki]:
    index: dict[str, Wiki] = {}
    for wiki in wikipedias().values():
        index.setdefault(wiki.language, wiki)
    for wiki in wikipedias().values():
        index[wiki.subdomain] = wiki  # the subdomain wins: it is what people type
    return index


def wiki_for(code: str) -> Wiki | None:
    """The Wikipedia for a language code, subdomain or database code; None if there is none."""
    code = code.strip()
    if code in wikipedias():
        return wikipedias()[code]
    code = LANGUAGE_ALIASES.get(code, code)
    return _by_language().get(code)


@cache
def countries() -> dict[str, Country]:
    found: dict[str, Country] = {}
    for row in _tsv("countries.tsv"):
        score = row["data_risk_score"].strip()
        found[row["iso_code"]] = Country(
            iso=row["iso_code"],
            name=row["name"],
            qid=row["wikidata_id"],
            risk=float(score) if score else None,
            classification=row["data_risk_classification"],
        )
    return found


@cache
def territories() -> tuple[Territory, ...]:
    """language-territories.csv: `;`-separated, CRLF, in a Windows code page (names mangled)."""
    with (HERE / "language-territories.csv").open(
        encoding="cp1252", errors="replace", newline=""
    ) as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return tuple(
        Territory(
            language=row["WikimediaLanguagecode"].strip().replace("_", "-"),
            iso=row["ISO3166"].strip(),
            status=row["officialnationalorregional"].strip(),
        )
        for row in rows
        if row["WikimediaLanguagecode"].strip() and row["ISO3166"].strip()
    )


@cache
def feature_maxima() -> dict[str, FeatureMaxima]:
    found: dict[str, FeatureMaxima] = {}
    for row in _tsv("articlequality-feature-values.tsv"):
        found[row["wiki_db"]] = FeatureMaxima(
            wiki=row["wiki_db"],
            num_pages=int(row["num_pages"]),
            max_length=float(row["max_length"]),
            max_media=float(row["max_media"]),
            max_cats=float(row["max_cats"]),
            max_refs=float(row["max_refs"]),
            max_headings=float(row["max_headings"]),
            max_links=float(row["max_links"]),
            max_srcs=float(row["max_srcs"]),
        )
    return found
