"""Every flow file in every language is checked: no dead end, no unreachable node, ends advise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rightsdesk.safety import flows

FILES = sorted(flows.CONTENT_DIR.glob("*/flows/*.json"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_shipped_flow_file_is_valid(path: Path) -> None:
    language = path.parent.parent.name
    flow = flows.parse_flow(path, slug=path.stem, language=language)
    assert path.stem in flows.flow_slugs(), f"{path}: no English original"
    if language != flows.REFERENCE_LANGUAGE:
        reference = flows.load_flow(path.stem, flows.REFERENCE_LANGUAGE)
        assert reference is not None
        flows.check_translation(reference, flow, str(path))


def test_every_guide_is_complete_in_english_arabic_and_spanish() -> None:
    assert len(flows.flow_slugs()) == 7
    for slug in flows.flow_slugs():
        for language in flows.CONTENT_LANGUAGES:
            assert flows.flow_path(slug, language).exists(), f"{slug} missing in {language}"


def _write(tmp_path: Path, nodes: dict[str, Any], start: str = "start") -> Path:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"title": "T", "start": start, "nodes": nodes}), encoding="utf-8")
    return path


ADVICE = {"kind": "advice", "title": "Do this", "steps": ["a step"]}


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ({"start": {"kind": "question", "title": "Q?", "answers": []}}, "'start': dead end"),
        (
            {"start": {"kind": "question", "title": "Q?", "answers": [{"label": "x", "to": "y"}]}},
            "'start': unknown target 'y'",
        ),
        (
            {
                "start": {
                    "kind": "question",
                    "title": "Q?",
                    "answers": [{"label": "x", "to": "e"}],
                },
                "e": ADVICE,
                "lost": ADVICE,
            },
            "'lost' cannot be reached",
        ),
        (
            {"start": {"kind": "advice", "title": "Nothing to say", "steps": []}},
            "'start': an end that gives no advice",
        ),
        (
            {
                "start": {
                    "kind": "question",
                    "title": "Q?",
                    "answers": [{"label": "x", "to": "b"}],
                },
                "b": {
                    "kind": "question",
                    "title": "B?",
                    "answers": [{"label": "x", "to": "start"}],
                },
            },
            "never leads to advice",
        ),
        (
            {
                "start": {
                    "kind": "question",
                    "title": "Q?",
                    "answers": [{"label": "x", "to": "flow:no-such-flow"}],
                }
            },
            "unknown flow 'no-such-flow'",
        ),
        ({"start": {"kind": "maybe", "title": "Q?"}}, "'start': kind must be"),
        (
            {
                "start": {
                    "kind": "question",
                    "title": "Q?",
                    "answers": [{"label": "x", "to": "e", "report": {"emergency": "maybe"}}],
                },
                "e": ADVICE,
            },
            "answer 0: report field 'emergency' cannot be 'maybe'",
        ),
        (
            {
                "start": {
                    "kind": "question",
                    "title": "Q?",
                    "answers": [{"label": "x", "to": "e", "report": {"contact": "me"}}],
                },
                "e": ADVICE,
            },
            "has no field 'contact'",
        ),
    ],
)
def test_broken_flow_fails_naming_file_and_node(
    tmp_path: Path, nodes: dict[str, Any], message: str
) -> None:
    path = _write(tmp_path, nodes)
    with pytest.raises(flows.FlowError) as raised:
        flows.parse_flow(path, slug="broken", language="en")
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


def test_translation_must_keep_the_shape(tmp_path: Path) -> None:
    reference = flows.load_flow("doxxing", "en")
    assert reference is not None
    raw = json.loads(flows.flow_path("doxxing", "es").read_text(encoding="utf-8"))
    raw["nodes"]["start"]["answers"][2]["to"] = "what"
    path = tmp_path / "doxxing.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    translated = flows.parse_flow(path, slug="doxxing", language="es")
    with pytest.raises(flows.FlowError, match="node 'start' differs from English"):
        flows.check_translation(reference, translated, str(path))


def test_trail_is_rechecked_and_forgeries_are_dropped() -> None:
    flow = flows.load_flow("doxxing", "en")
    assert flow is not None
    good = flows.parse_trail(flow, "start.1~what.0", "where")
    assert good == [("start", 1), ("what", 0)]
    assert flows.trail_lines(flow, good)[0][1] == "No, not right now"
    for forged in ("start.9", "what.0", "start.1~what.0", "start.x", "~", "start.1~" * 50):
        assert flows.parse_trail(flow, forged, "on_wiki") == []


def test_translation_must_report_the_same_fields(tmp_path: Path) -> None:
    reference = flows.load_flow("doxxing", "en")
    assert reference is not None
    raw = json.loads(flows.flow_path("doxxing", "es").read_text(encoding="utf-8"))
    raw["nodes"]["start"]["answers"][0]["report"] = {"emergency": "no"}
    path = tmp_path / "doxxing.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    translated = flows.parse_flow(path, slug="doxxing", language="es")
    with pytest.raises(flows.FlowError, match="differs from English in what answers report"):
        flows.check_translation(reference, translated, str(path))
