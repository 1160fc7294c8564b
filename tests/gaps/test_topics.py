"""Topic rules on the real dump head, plus clearly made-up items appended to it.

The real 49 items (Scotland, Belgium, George Washington, ...) are no human-rights topics: the
rules must select none of them, while resolving places through their real labels and claims.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rightsdesk.gaps.topics.build import build_topics

from .conftest import DUMP_HEAD


def item(
    qid: str, labels: dict[str, str], claims: dict[str, list[str]] | None = None, links: int = 0
) -> bytes:
    entity: dict[str, Any] = {
        "type": "item",
        "id": qid,
        "labels": {k: {"language": k, "value": v} for k, v in labels.items()},
        "claims": {
            p: [{"rank": "normal", "mainsnak": {"datavalue": {"value": {"id": t}}}} for t in ts]
            for p, ts in (claims or {}).items()
        },
        "sitelinks": {s: {"site": s, "title": "x"} for s in ("enwiki", "dewiki")[:links]},
    }
    return json.dumps(entity).encode() + b",\n"


def test_real_dump_head_yields_no_false_topics() -> None:
    build = build_topics(DUMP_HEAD)
    assert build.stats.entities == 49
    assert build.topics == []
    assert "human rights" in build.missing_anchors


def test_rules_on_real_items_plus_made_up_ones(tmp_path: Path) -> None:
    # Made-up ids in the Q9000000xx range; Q31 (Belgium), Q145 (United Kingdom) and their
    # labels are the real ones from the dump head.
    extra = [
        item("Q900000001", {"de": "Menschenrechte in Belgien", "en": "x1"}),
        item("Q900000002", {"en": "Human rights in Scotland"}, {"P17": ["Q145"]}),
        item("Q900000003", {"en": "Freedom of religion in Atlantis"}),
        item("Q900000004", {"en": "human rights"}, links=1),
        item("Q900000005", {"en": "human rights"}, links=0),  # a lesser homonym
        item("Q900000006", {"en": "human rights organization"}),
        item("Q900000007", {"en": "legal aid NGO"}, {"P279": ["Q900000006"]}),
        item("Q900000008", {"en": "Some Watch"}, {"P31": ["Q900000007"]}),
        item("Q900000009", {"en": "human rights activist"}),
        item("Q900000010", {"en": "A. Defender"}, {"P106": ["Q900000009"]}),
        item("Q900000011", {"en": "A. Baker"}, {"P106": ["Q23"]}),
    ]
    dump = tmp_path / "head-plus.json"
    lines = DUMP_HEAD.read_bytes().splitlines(keepends=True)
    dump.write_bytes(b"".join([*lines, *extra, b"]\n"]))
    build = build_topics(dump)
    found = {t.qid: (t.group, t.country, t.rule) for t in build.topics}
    assert found == {
        "Q900000004": ("concept", "", "label:human rights"),
        "Q900000001": ("country-series", "BE", "series:human-rights-in; place:label:de"),
        "Q900000002": ("country-series", "GB", "series:human-rights-in; place:claim"),
        "Q900000003": ("country-series", "", "series:freedom-of-religion-in; place:unresolved"),
        "Q900000010": ("defender", "", "P106"),
        "Q900000008": ("organisation", "", "P31"),
    }
    assert build.unresolved_places == [("Q900000003", "Atlantis")]
