"""Learning modules: sections to read, then a short quiz graded here, on the server.

Files are ``content/<lang>/modules/<n>-<name>.json``; the number orders them, the ``slug``
inside names them in URLs. A module missing in a language falls back to English. Grading
trusts nothing from the form: a missing, repeated or forged answer counts as wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rightsdesk.safety.flows import CONTENT_DIR, REFERENCE_LANGUAGE

PASS_RATIO = 2 / 3


class ModuleError(ValueError):
    """A module file that breaks the format; the message names the file."""


@dataclass(frozen=True)
class Section:
    heading: str
    text: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    question: str
    options: tuple[str, ...]
    answer: int
    explain: str


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    summary: str
    glossary: tuple[str, ...]
    sections: tuple[Section, ...]
    quiz: tuple[Question, ...]


@dataclass(frozen=True)
class Graded:
    question: Question
    chosen: int | None
    correct: bool


def _parse(raw: dict[str, object], name: str) -> Module:
    try:
        sections = tuple(
            Section(heading=str(s["heading"]), text=tuple(map(str, s["text"])))
            for s in raw["sections"]  # type: ignore[attr-defined]  # checked by the except
        )
        quiz = tuple(
            Question(
                question=str(q["question"]),
                options=tuple(map(str, q["options"])),
                answer=int(q["answer"]),
                explain=str(q.get("explain", "")),
            )
            for q in raw["quiz"]  # type: ignore[attr-defined]  # checked by the except
        )
        module = Module(
            slug=str(raw["slug"]),
            title=str(raw["title"]),
            summary=str(raw.get("summary", "")),
            glossary=tuple(map(str, raw.get("glossary", []))),  # type: ignore[call-overload]  # idem
            sections=sections,
            quiz=quiz,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModuleError(f"{name}: {exc!r}") from exc
    for number, question in enumerate(module.quiz, 1):
        if not 0 <= question.answer < len(question.options) or len(question.options) < 2:
            raise ModuleError(f"{name}: question {number} has no valid right answer")
    if not module.sections or not module.quiz:
        raise ModuleError(f"{name}: needs sections and a quiz")
    return module


@cache
def modules_in(language: str) -> dict[str, Module]:
    """Every module file in `language`, by slug, in file order (empty when none exist)."""
    folder = CONTENT_DIR / language / "modules"
    found: dict[str, Module] = {}
    for path in sorted(folder.glob("*.json")):
        module = _parse(json.loads(path.read_text(encoding="utf-8")), str(path))
        found[module.slug] = module
    return found


def module_list(language: str) -> list[tuple[Module, bool]]:
    """Every English module, in `language` where translated; the flag says English stood in."""
    local = modules_in(language)
    return [
        (local.get(slug, module), slug not in local and language != REFERENCE_LANGUAGE)
        for slug, module in modules_in(REFERENCE_LANGUAGE).items()
    ]


def module_for(slug: str, language: str) -> tuple[Module | None, bool]:
    local = modules_in(language).get(slug)
    if local is not None:
        return local, False
    return modules_in(REFERENCE_LANGUAGE).get(slug), language != REFERENCE_LANGUAGE


def grade(module: Module, answers: Mapping[str, str]) -> list[Graded]:
    """Grade posted answers (``q0``, ``q1``...); anything unparseable counts as unanswered."""
    graded = []
    for index, question in enumerate(module.quiz):
        raw = answers.get(f"q{index}", "")
        valid = raw.isascii() and raw.isdigit() and len(raw) <= 3
        chosen = int(raw) if valid and int(raw) < len(question.options) else None
        graded.append(Graded(question=question, chosen=chosen, correct=chosen == question.answer))
    return graded


def passed(graded: list[Graded]) -> bool:
    return bool(graded) and sum(g.correct for g in graded) >= PASS_RATIO * len(graded)
