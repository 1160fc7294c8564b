"""Run the topic rules over a Wikidata dump: two streaming passes, small state in between.

Pass 1 finds the anchors by label (concepts, organisation classes, defender occupations), every
P279 edge (two arrays of 32-bit ints: about 35 MB for the full dump), the labels of the countries
in countries.tsv, and the per-country series candidates. Between the passes the subclass trees
below the anchors are computed. Pass 2 (skipped when no class anchor was found) picks the
organisations (P31) and defenders (P106). See docs/gaps.md, "Topic rules".
"""

from __future__ import annotations

import csv
import datetime as dt
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightsdesk.gaps import refdata
from rightsdesk.gaps.readers.dumpscan import Progress, iter_entities
from rightsdesk.gaps.readers.wikidata import DumpStats, claim_targets, label_of
from rightsdesk.gaps.topics import rules

TSV_FIELDS = ("qid", "group", "series", "country", "label", "rule")


@dataclass(frozen=True)
class Topic:
    qid: str
    group: str
    series: str = ""
    country: str = ""  # ISO 3166 code of the country the topic is about, if any
    label: str = ""
    rule: str = ""


@dataclass
class TopicBuild:
    topics: list[Topic]
    stats: DumpStats
    anchors: dict[str, str] = field(default_factory=dict)  # label -> qid chosen
    missing_anchors: list[str] = field(default_factory=list)
    unresolved_places: list[tuple[str, str]] = field(default_factory=list)  # (qid, place)


def _num(qid: str) -> int:
    return int(qid[1:])


def _wikipedia_links(entity: dict[str, Any]) -> int:
    sitelinks = entity.get("sitelinks") or {}
    known = refdata.wikipedias()
    return sum(1 for site in sitelinks if site in known) if isinstance(sitelinks, dict) else 0


def _all_labels(entity: dict[str, Any], language: str) -> list[str]:
    names = [label for label in [label_of(entity, language)] if label]
    aliases = (entity.get("aliases") or {}) if isinstance(entity.get("aliases"), dict) else {}
    for alias in aliases.get(language) or []:
        if isinstance(alias, dict) and isinstance(alias.get("value"), str):
            names.append(alias["value"])
    return names


class _Pass1:
    def __init__(self) -> None:
        wanted = (
            list(rules.CONCEPT_LABELS)
            + list(rules.ORGANISATION_CLASSES)
            + list(rules.DEFENDER_OCCUPATIONS)
        )
        self.wanted_labels = {label.casefold() for label in wanted}
        self.label_hits: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        self.children, self.parents = array("I"), array("I")
        self.country_by_qid = {c.qid: c.iso for c in refdata.countries().values() if c.qid}
        self.places: dict[str, dict[str, str]] = defaultdict(dict)  # lang -> name -> iso
        self.candidates: list[tuple[str, str, str, str, list[str], str]] = []

    def see(self, entity: dict[str, Any]) -> None:
        qid = entity["id"]
        if not qid.startswith("Q"):
            return
        english = label_of(entity, "en") or ""
        if english.casefold() in self.wanted_labels:
            hit = (_wikipedia_links(entity), qid, english)
            self.label_hits[english.casefold()].append(hit)
        for parent in claim_targets(entity, "P279"):
            if parent.startswith("Q"):
                self.children.append(_num(qid))
                self.parents.append(_num(parent))
        iso = self.country_by_qid.get(qid)
        if iso:
            for language in rules.SERIES_LANGUAGES:
                for name in _all_labels(entity, language):
                    self.places[language].setdefault(name.casefold(), iso)
        for series in rules.SERIES:
            for language, pattern in series.patterns:
                label = label_of(entity, language)
                match = pattern.match(label) if label else None
                if match:
                    places = [t for p in rules.PLACE_PROPERTIES for t in claim_targets(entity, p)]
                    self.candidates.append(
                        (qid, series.key, language, match.group("place"), places, english)
                    )
                    break
            else:
                continue
            break  # one series per item is enough

    def anchor(self, label: str) -> str | None:
        hits = self.label_hits.get(label.casefold())
        return max(hits)[1] if hits else None  # most Wikipedia links, then highest id


def _subclasses(children: array[int], parents: array[int], roots: Iterable[str]) -> set[str]:
    below: dict[int, list[int]] = defaultdict(list)
    for child, parent in zip(children, parents, strict=True):
        below[parent].append(child)
    found = {_num(root) for root in roots}
    frontier = set(found)
    for _ in range(rules.SUBCLASS_DEPTH):
        frontier = {c for p in frontier for c in below.get(p, ())} - found
        found |= frontier
    return {f"Q{n}" for n in found}


def build_topics(path: Path, *, progress: Progress | None = None) -> TopicBuild:  # noqa: PLR0912 - the rules, in order
    """Apply rules `RULES_VERSION` to the dump at `path` (reads it twice if classes are found)."""
    first = _Pass1()
    stats = DumpStats()
    for entity in iter_entities(path, stats=stats, progress=progress):
        first.see(entity)
    build = TopicBuild(topics=[], stats=stats)
    chosen: dict[str, Topic] = {}
    for label in rules.CONCEPT_LABELS:
        qid = first.anchor(label)
        if qid is None:
            build.missing_anchors.append(label)
            continue
        build.anchors[label] = qid
        chosen.setdefault(qid, Topic(qid, "concept", label=label, rule=f"label:{label}"))
    for qid, series, language, place, claims, english in first.candidates:
        iso = next((first.country_by_qid[t] for t in claims if t in first.country_by_qid), "")
        how = "claim"
        if not iso:
            iso = first.places[language].get(place.casefold(), "")
            how = f"label:{language}"
        if not iso:
            build.unresolved_places.append((qid, place))
            how = "unresolved"
        chosen.setdefault(
            qid,
            Topic(qid, "country-series", series, iso, english, f"series:{series}; place:{how}"),
        )
    org_roots = [a for a in map(first.anchor, rules.ORGANISATION_CLASSES) if a]
    job_roots = [a for a in map(first.anchor, rules.DEFENDER_OCCUPATIONS) if a]
    for label in (*rules.ORGANISATION_CLASSES, *rules.DEFENDER_OCCUPATIONS):
        qid = first.anchor(label)
        if qid:
            build.anchors[label] = qid
        else:
            build.missing_anchors.append(label)
    if org_roots or job_roots:
        organisations = _subclasses(first.children, first.parents, org_roots)
        occupations = _subclasses(first.children, first.parents, job_roots)
        del first.children, first.parents
        for entity in iter_entities(path, stats=DumpStats(), progress=progress):
            qid = entity["id"]
            english = label_of(entity, "en") or ""
            if organisations.intersection(claim_targets(entity, "P31")):
                chosen.setdefault(qid, Topic(qid, "organisation", label=english, rule="P31"))
            elif occupations.intersection(claim_targets(entity, "P106")):
                chosen.setdefault(qid, Topic(qid, "defender", label=english, rule="P106"))
    build.topics = sorted(chosen.values(), key=lambda t: (rules.GROUPS.index(t.group), _num(t.qid)))
    return build


def write_topics(build: TopicBuild, out: Path, *, source: str) -> None:
    """Write the set as TSV with a provenance header (rules version, dump, date)."""
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# rightsdesk topic set; rules {rules.RULES_VERSION}; dump {source}; "
            f"built {today}; {len(build.topics)} topics\n"
        )
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(TSV_FIELDS)
        for topic in build.topics:
            writer.writerow([getattr(topic, name) for name in TSV_FIELDS])
