"""Guided self-help flows: data files, their validation, and the trail a visitor walks.

A flow is one JSON file per language, ``content/<lang>/flows/<slug>.json`` (format in
docs/safety-content.md). English is the reference: a translation must keep the same nodes,
kinds and targets, and only change the words. Nothing a visitor answers is stored: the path
so far travels in the query string (``?trail=start.0~who.1``) and is re-checked against the
flow on every request, so a forged trail is dropped, never trusted.

An answer may also say what it means for the report form (``"report": {"emergency": "yes"}``),
so that "tell the team" carries the answer into the question the form asks again instead of
making the person answer it twice (or, worse, find it answered "no" for them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rightsdesk.cases.vocabulary import ActorType, Ongoing, ThreatType

CONTENT_DIR = Path(__file__).resolve().parent / "content"
REFERENCE_LANGUAGE = "en"
CONTENT_LANGUAGES = ("en", "ar", "es")
KINDS = ("question", "advice")
FLOW_PREFIX = "flow:"
TRAIL_MAX_STEPS = 40
NODE_ID = re.compile(r"[a-z0-9_-]{1,40}")


# Report-form fields a guide's answer may fill in, with the values each accepts. Single-valued
# fields take the last answer that sets them; lists gather every answer's codes.
REPORT_SINGLE: dict[str, frozenset[str]] = {
    "emergency": frozenset({"yes", "no"}),
    "ongoing": frozenset(Ongoing.values),
}
REPORT_MULTIPLE: dict[str, frozenset[str]] = {
    "threat_types": frozenset(ThreatType.values),
    "actor_types": frozenset(ActorType.values),
}
ReportFields = tuple[tuple[str, tuple[str, ...]], ...]


class FlowError(ValueError):
    """A flow file that breaks the format; the message names the file and the node."""


@dataclass(frozen=True)
class Answer:
    label: str
    to: str
    report: ReportFields = ()

    @property
    def other_flow(self) -> str:
        return self.to.removeprefix(FLOW_PREFIX) if self.to.startswith(FLOW_PREFIX) else ""


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    title: str
    text: tuple[str, ...]
    answers: tuple[Answer, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flow:
    slug: str
    language: str
    title: str
    summary: str
    start: str
    threat_types: tuple[str, ...]
    nodes: dict[str, Node] = field(default_factory=dict)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise FlowError(f"{where}: expected text or a list of texts")


def _parse_node(node_id: str, body: object, where: str) -> Node:
    if not NODE_ID.fullmatch(node_id):
        raise FlowError(f"{where}: ids use only a-z, 0-9, '-' and '_'")
    if not isinstance(body, dict) or body.get("kind") not in KINDS:
        raise FlowError(f"{where}: kind must be one of {', '.join(KINDS)}")
    raw_answers = body.get("answers", [])
    if not isinstance(raw_answers, list) or not all(
        isinstance(a, dict) and a.get("label") and a.get("to") for a in raw_answers
    ):
        raise FlowError(f"{where}: each answer needs a label and a target ('to')")
    node = Node(
        id=node_id,
        kind=body["kind"],
        title=str(body.get("title", "")),
        text=_strings(body.get("text", []), where),
        answers=tuple(
            Answer(
                label=str(a["label"]),
                to=str(a["to"]),
                report=_parse_report(a.get("report", {}), f"{where}: answer {index}"),
            )
            for index, a in enumerate(raw_answers)
        ),
        steps=_strings(body.get("steps", []), where),
    )
    if not node.title:
        raise FlowError(f"{where}: has no title")
    if node.kind == "question" and not node.answers:
        raise FlowError(f"{where}: dead end (a question with no answers)")
    if node.kind == "advice" and not (node.steps or node.text):
        raise FlowError(f"{where}: an end that gives no advice")
    return node


def _parse_report(raw: object, where: str) -> ReportFields:
    """An answer's meaning for the report form, checked against the form's own choices."""
    if not isinstance(raw, dict):
        raise FlowError(f"{where}: 'report' must be an object")
    fields: list[tuple[str, tuple[str, ...]]] = []
    for name, value in sorted(raw.items()):
        if name in REPORT_SINGLE:
            if value not in REPORT_SINGLE[name]:
                raise FlowError(f"{where}: report field {name!r} cannot be {value!r}")
            fields.append((name, (value,)))
        elif name in REPORT_MULTIPLE:
            if not isinstance(value, list) or not all(v in REPORT_MULTIPLE[name] for v in value):
                raise FlowError(f"{where}: report field {name!r} needs a list of known codes")
            fields.append((name, tuple(value)))
        else:
            raise FlowError(f"{where}: the report form has no field {name!r} a guide may fill")
    return tuple(fields)


def parse_flow(path: Path, *, slug: str, language: str) -> Flow:
    """Read and check one flow file; raise FlowError naming the file and node at fault."""
    name = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FlowError(f"{name}: not readable JSON ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), dict):
        raise FlowError(f"{name}: needs an object with 'nodes'")
    known_threats = set(ThreatType.values)
    threat_types = tuple(raw.get("threat_types", []))
    for code in threat_types:
        if code not in known_threats:
            raise FlowError(f"{name}: unknown threat type {code!r}")
    nodes = {
        node_id: _parse_node(node_id, body, f"{name}: node {node_id!r}")
        for node_id, body in raw["nodes"].items()
    }
    start = str(raw.get("start", ""))
    if start not in nodes:
        raise FlowError(f"{name}: start node {start!r} does not exist")
    flow = Flow(
        slug=slug,
        language=language,
        title=str(raw.get("title", "")),
        summary=str(raw.get("summary", "")),
        start=start,
        threat_types=threat_types,
        nodes=nodes,
    )
    if not flow.title:
        raise FlowError(f"{name}: has no title")
    _check_targets(flow, name)
    _check_reachable(flow, name)
    _check_ends(flow, name)
    return flow


def _check_targets(flow: Flow, name: str) -> None:
    slugs = flow_slugs()
    for node in flow.nodes.values():
        for answer in node.answers:
            if answer.other_flow:
                if answer.other_flow not in slugs:
                    raise FlowError(f"{name}: node {node.id!r}: unknown flow {answer.other_flow!r}")
            elif answer.to not in flow.nodes:
                raise FlowError(f"{name}: node {node.id!r}: unknown target {answer.to!r}")


def _check_reachable(flow: Flow, name: str) -> None:
    seen = {flow.start}
    todo = [flow.start]
    while todo:
        for answer in flow.nodes[todo.pop()].answers:
            if answer.to in flow.nodes and answer.to not in seen:
                seen.add(answer.to)
                todo.append(answer.to)
    for node_id in flow.nodes:
        if node_id not in seen:
            raise FlowError(f"{name}: node {node_id!r} cannot be reached from the start")


def _check_ends(flow: Flow, name: str) -> None:
    # No path may loop forever without an end: every node must reach some advice.
    ends = {
        n.id
        for n in flow.nodes.values()
        if n.kind == "advice" or any(a.other_flow for a in n.answers)
    }
    changed = True
    while changed:
        changed = False
        for node in flow.nodes.values():
            if node.id not in ends and any(a.to in ends for a in node.answers):
                ends.add(node.id)
                changed = True
    for node_id in flow.nodes:
        if node_id not in ends:
            raise FlowError(f"{name}: node {node_id!r} never leads to advice")


def check_translation(reference: Flow, translated: Flow, name: str) -> None:
    """A translation keeps the shape of the English flow: same nodes, kinds and targets."""
    if reference.start != translated.start or set(reference.nodes) != set(translated.nodes):
        missing = sorted(set(reference.nodes) ^ set(translated.nodes))
        raise FlowError(f"{name}: nodes differ from English: {', '.join(missing)}")
    for node_id, node in reference.nodes.items():
        other = translated.nodes[node_id]
        if node.kind != other.kind or [a.to for a in node.answers] != [a.to for a in other.answers]:
            raise FlowError(f"{name}: node {node_id!r} differs from English in kind or targets")
        if [a.report for a in node.answers] != [a.report for a in other.answers]:
            raise FlowError(f"{name}: node {node_id!r} differs from English in what answers report")


def flow_path(slug: str, language: str) -> Path:
    return CONTENT_DIR / language / "flows" / f"{slug}.json"


@cache
def flow_slugs() -> tuple[str, ...]:
    """The flows that exist in English, in file-name order (the order the hub lists them)."""
    folder = CONTENT_DIR / REFERENCE_LANGUAGE / "flows"
    return tuple(sorted(p.stem for p in folder.glob("*.json")))


@cache
def load_flow(slug: str, language: str) -> Flow | None:
    """The flow in `language`, or None when there is no such file (the caller falls back)."""
    if slug not in flow_slugs():
        return None
    path = flow_path(slug, language)
    if not path.exists():
        return None
    flow = parse_flow(path, slug=slug, language=language)
    if language != REFERENCE_LANGUAGE:
        reference = load_flow(slug, REFERENCE_LANGUAGE)
        if reference is not None:
            check_translation(reference, flow, str(path))
    return flow


def flow_for(slug: str, language: str) -> tuple[Flow | None, bool]:
    """The flow in the visitor's language, or in English; the flag says English stood in."""
    flow = load_flow(slug, language)
    if flow is not None:
        return flow, False
    return load_flow(slug, REFERENCE_LANGUAGE), language != REFERENCE_LANGUAGE


Step = tuple[str, int]


def parse_trail(flow: Flow, raw: str, current: str) -> list[Step]:
    """The answers given so far, kept only if they really lead from the start to `current`.

    Anything forged, shortened or too long yields an empty trail: the visitor loses the summary
    for "tell the team" but never sees an error for someone else's tampering.
    """
    steps: list[Step] = []
    if not raw:
        return steps
    parts = raw.split("~")
    if len(parts) > TRAIL_MAX_STEPS:
        return []
    expected = flow.start
    for part in parts:
        node_id, _sep, index = part.rpartition(".")
        node = flow.nodes.get(node_id)
        if node is None or node_id != expected or not index.isdigit():
            return []
        number = int(index)
        if number >= len(node.answers):
            return []
        steps.append((node_id, number))
        expected = node.answers[number].to
    return steps if expected == current else []


def trail_string(steps: list[Step]) -> str:
    return "~".join(f"{node_id}.{index}" for node_id, index in steps)


def trail_lines(flow: Flow, steps: list[Step]) -> list[tuple[str, str]]:
    """(question, answer) pairs in the flow's language, for the summary."""
    return [
        (flow.nodes[node_id].title, flow.nodes[node_id].answers[index].label)
        for node_id, index in steps
    ]


def report_answers(flow: Flow, steps: list[Step]) -> dict[str, list[str]]:
    """What the answers on `steps` mean for the report form's fields, for "tell the team".

    Starts from the guide's threat types; only fields some answer (or the guide) set appear, so
    the form leaves every other question as the person would find it on their own.
    """
    found: dict[str, list[str]] = {}
    if flow.threat_types:
        found["threat_types"] = list(flow.threat_types)
    for node_id, index in steps:
        for name, values in flow.nodes[node_id].answers[index].report:
            if name in REPORT_SINGLE:
                found[name] = list(values)
            else:
                found[name] = list(dict.fromkeys([*found.get(name, []), *values]))
    return found
