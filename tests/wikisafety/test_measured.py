"""Measured detection: recall and precision on the labelled corpus may not fall below the floors
documented in docs/performance.md (the test reads them from there)."""

from __future__ import annotations

import re
from pathlib import Path

from rightsdesk.wikisafety.detection.corpus import build_corpus
from rightsdesk.wikisafety.detection.evaluate import evaluate

PERFORMANCE = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
SECTION = "## Detection of personal data in wiki edits (issue 16)"


def _floors() -> dict[str, tuple[float, float]]:
    text = PERFORMANCE.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    rows = re.findall(
        r"^\| (\w+) \| [\d.]+ \| [\d.]+ \| ([\d.]+) \| ([\d.]+) \|$", section, re.MULTILINE
    )
    return {name: (float(precision), float(recall)) for name, precision, recall in rows}


def test_recall_and_precision_stay_above_the_documented_floors() -> None:
    floors = _floors()
    assert set(floors) == {"phone", "identity", "address", "coordinates", "email", "ip", "social"}
    result = evaluate(build_corpus(16))
    assert result.negatives > 5000
    below = {}
    for name, (precision_floor, recall_floor) in floors.items():
        counts = result.total(name)
        assert counts.tp + counts.fn > 0, name
        if counts.recall < recall_floor or counts.precision < precision_floor:
            below[name] = (round(counts.precision, 3), round(counts.recall, 3))
    assert below == {}
