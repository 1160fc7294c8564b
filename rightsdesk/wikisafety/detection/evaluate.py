"""Precision and recall of the recognisers on a labelled corpus (`corpus.build_corpus`).

A hit counts as a true positive when it has a label's kind and value (an address or a
coordinate pair close enough, see `label_matches`); every other hit is a false positive of the
recogniser that produced it; every label without a hit is a false negative of the recogniser
expected to find it. Counted per recogniser and per wiki language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rightsdesk.wikisafety.detection.corpus_formats import Label, Sample
from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind
from rightsdesk.wikisafety.detection.protected import normalise
from rightsdesk.wikisafety.detection.scan import scan_edit

__all__ = ["Counts", "Evaluation", "evaluate", "label_matches"]


@dataclass(slots=True)
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(slots=True)
class Evaluation:
    """Counts by (recogniser, language), and the samples read."""

    counts: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    samples: int = 0
    negatives: int = 0

    def total(self, recogniser: str | None = None) -> Counts:
        """All languages summed (of one recogniser, or of all)."""
        out = Counts()
        for (name, _language), counts in self.counts.items():
            if recogniser is None or name == recogniser:
                out.tp += counts.tp
                out.fp += counts.fp
                out.fn += counts.fn
        return out

    def recognisers(self) -> list[str]:
        return sorted({name for name, _language in self.counts})


def label_matches(hit: Hit, label: Label) -> bool:
    """Whether `hit` finds what `label` planted."""
    if hit.kind != label.kind:
        return False
    if hit.kind in (Kind.NATIONAL_ID, Kind.TAX_ID, Kind.IBAN):
        return hit.value.replace(" ", "").upper() == label.value.upper()
    if hit.kind == Kind.COORDINATES:
        (a, b), (c, d) = (map(float, v.split(",")) for v in (hit.value, label.value))
        return abs(a - c) < 1e-3 and abs(b - d) < 1e-3
    if hit.kind == Kind.STREET_ADDRESS:
        found, planted = normalise(hit.value).split(), normalise(label.value).split()
        common = len(set(found) & set(planted))
        return common >= min(3, len(planted)) and common >= len(found) // 2
    return hit.value.lower() == label.value.lower()


def evaluate(samples: Iterable[Sample]) -> Evaluation:
    """Scan every sample's edit with the default recognisers and count."""
    result = Evaluation()
    for sample in samples:
        result.samples += 1
        result.negatives += not sample.labels
        _text, hits = scan_edit(sample.old, sample.new, Hints(language=sample.language))
        language = sample.language
        unmatched = list(sample.labels)
        for hit in hits:
            label = next((lab for lab in unmatched if label_matches(hit, lab)), None)
            if label is None:
                result.counts[(hit.recogniser, language)].fp += 1
            else:
                unmatched.remove(label)
                result.counts[(hit.recogniser, language)].tp += 1
        for label in unmatched:
            result.counts[(label.source, language)].fn += 1
    return result
