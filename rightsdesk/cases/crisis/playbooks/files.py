"""The playbook file format, its checks, and the files that ship in `cases/crisis/playbooks/data/`.

A source playbook (English, `playbooks/<slug>.json`) has a slug, a title, threat types, and steps
with an id, a deadline in minutes after the crisis opens, a title and a detail. A translation
(`playbooks/<lang>/<slug>.json`) holds text only: the title and, per step id, title and detail.
The same functions check the shipped files (when first loaded: a broken file fails the test suite
with a message naming the file and the step) and an admin's edit before it is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.cases.vocabulary import ThreatType
from rightsdesk.core.refusals import Refused

PLAYBOOK_DIR = Path(__file__).resolve().parent / "data"

SOURCE_LANGUAGE = "en"  # the files in PLAYBOOK_DIR itself; stored as language "" in revisions

SLUG = re.compile(r"[a-z0-9_]{1,40}")  # playbook slugs and step ids (they appear in URLs)

TITLE_MAX = 200

DETAIL_MAX = 2_000

STEPS_MAX = 30

MINUTES_MAX = 43_200  # 30 days after opening

_SOURCE_KEYS = {"slug", "title", "threat_types", "steps"}

_STEP_KEYS = {"id", "minutes", "title", "detail"}

_TEXT_KEYS = {"title", "detail"}

_EMPTY = {
    "title": gettext_lazy("the title is empty"),
    "detail": gettext_lazy("the detail is empty"),
}

_LONG = {
    "title": gettext_lazy("the title is longer than %(limit)s characters"),
    "detail": gettext_lazy("the detail is longer than %(limit)s characters"),
}

_LIMIT = {"title": TITLE_MAX, "detail": DETAIL_MAX}


class PlaybookError(Refused, ValueError):
    """A playbook or translation that breaks the format; the message names where and what."""


@dataclass(frozen=True)
class Step:
    id: str
    minutes: int
    title: str
    detail: str


@dataclass(frozen=True)
class Playbook:
    slug: str
    title: str
    threat_types: tuple[str, ...]
    steps: tuple[Step, ...]

    def as_data(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "title": self.title,
            "threat_types": list(self.threat_types),
            "steps": [vars(step).copy() for step in self.steps],
        }


@dataclass(frozen=True)
class Translation:
    title: str
    steps: Mapping[str, tuple[str, str]]  # step id -> (title, detail)

    def as_data(self) -> dict[str, object]:
        return {
            "title": self.title,
            "steps": {sid: {"title": t, "detail": d} for sid, (t, d) in self.steps.items()},
        }


def problem(where: str, message: str, step: str = "") -> PlaybookError:
    if step:
        return PlaybookError(
            _("%(where)s: step %(step)s: %(message)s")
            % {"where": where, "step": step, "message": message}
        )
    return PlaybookError(_("%(where)s: %(message)s") % {"where": where, "message": message})


def _keys(value: object, keys: set[str], where: str, step: str = "") -> dict[str, object]:
    if not isinstance(value, dict):
        raise problem(where, _("expected an object"), step)
    if set(value) != keys:
        wrong = sorted(set(value) ^ keys)
        raise problem(where, _("unexpected or missing: %s") % ", ".join(map(str, wrong)), step)
    return value


def _text(value: object, field: str, where: str, step: str = "") -> str:
    if not isinstance(value, str) or not value.strip():
        raise problem(where, str(_EMPTY[field]), step)
    if len(value.strip()) > _LIMIT[field]:
        raise problem(where, str(_LONG[field]) % {"limit": _LIMIT[field]}, step)
    return value.strip()


def parse_source(data: object, where: str) -> Playbook:
    """Check a source playbook (a file's JSON, or an admin's edit) and build it."""
    raw = _keys(data, _SOURCE_KEYS, where)
    slug = raw["slug"]
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise problem(where, _("the slug may use only a-z, 0-9 and _ (up to 40)"))
    threats = raw["threat_types"]
    if not isinstance(threats, list) or not threats or len(set(map(str, threats))) != len(threats):
        raise problem(where, _("list each threat type once, at least one"))
    unknown = [t for t in threats if t not in ThreatType.values]
    if unknown:
        raise problem(where, _("unknown threat type: %s") % ", ".join(map(str, unknown)))
    title = _text(raw["title"], "title", where)
    steps = raw["steps"]
    if not isinstance(steps, list) or not 1 <= len(steps) <= STEPS_MAX:
        raise problem(where, _("a playbook has 1 to %s steps") % STEPS_MAX)
    built: list[Step] = []
    for number, item in enumerate(steps, start=1):
        step = _keys(item, _STEP_KEYS, where, str(number))
        sid = step["id"]
        if not isinstance(sid, str) or not SLUG.fullmatch(sid):
            raise problem(where, _("the id may use only a-z, 0-9 and _ (up to 40)"), str(number))
        if sid in {s.id for s in built}:
            raise problem(where, _("this id is used twice"), sid)
        minutes = step["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise problem(where, _("the deadline must be a whole number of minutes"), sid)
        if not 1 <= minutes <= MINUTES_MAX:
            raise problem(where, _("the deadline must be 1 to %s minutes") % MINUTES_MAX, sid)
        step_title = _text(step["title"], "title", where, sid)
        detail = _text(step["detail"], "detail", where, sid)
        built.append(Step(id=sid, minutes=minutes, title=step_title, detail=detail))
    return Playbook(slug=slug, title=title, threat_types=tuple(threats), steps=tuple(built))


def parse_translation(
    data: object, source: Playbook, where: str, *, complete: bool = True
) -> Translation:
    """Check a translation against its source: every step id of the source and nothing else, no
    empty text. `complete=False` (reading a stored edit after the source changed) drops ids the
    source no longer has and lets missing ones fall back to English."""
    raw = _keys(data, {"title", "steps"}, where)
    title = _text(raw["title"], "title", where)
    steps = raw["steps"]
    if not isinstance(steps, dict):
        raise problem(where, _("steps must map step ids to texts"))
    ids = [step.id for step in source.steps]
    missing = [sid for sid in ids if sid not in steps]
    extra = sorted(str(sid) for sid in steps if sid not in ids)
    if complete and missing:
        raise problem(where, _("not translated"), ", ".join(missing))
    if complete and extra:
        raise problem(where, _("not in the source playbook"), ", ".join(extra))
    texts: dict[str, tuple[str, str]] = {}
    for sid in ids:
        if sid in steps:
            text = _keys(steps[sid], _TEXT_KEYS, where, sid)
            texts[sid] = (
                _text(text["title"], "title", where, sid),
                _text(text["detail"], "detail", where, sid),
            )
    return Translation(title=title, steps=texts)


def check_threat_types(books: Iterable[Playbook]) -> None:
    """Each threat type leads to one playbook only, or the choice would depend on slug order."""
    owner: dict[str, str] = {}
    for book in books:
        for threat in book.threat_types:
            if threat in owner:
                raise PlaybookError(
                    _("Threat type %(threat)s is in both %(first)s and %(second)s.")
                    % {"threat": threat, "first": owner[threat], "second": book.slug}
                )
            owner[threat] = book.slug


def _read(path: Path, where: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise problem(where, _("not readable JSON (%s)") % error) from error


def load_source_file(path: Path) -> Playbook:
    return parse_source(_read(path, path.name), path.name)


def load_translation_file(path: Path, source: Playbook) -> Translation:
    where = f"{path.parent.name}/{path.name}"
    return parse_translation(_read(path, where), source, where)


@cache
def shipped() -> dict[str, Playbook]:
    """The source files, checked; raises PlaybookError naming the first broken file."""
    books: dict[str, Playbook] = {}
    for path in sorted(PLAYBOOK_DIR.glob("*.json")):
        book = load_source_file(path)
        if book.slug != path.stem:
            raise problem(path.name, _("the slug must be the file name"))
        books[book.slug] = book
    check_threat_types(books.values())
    return books


def languages() -> dict[str, str]:
    """Languages of the interface (code -> name), the source language first."""
    return {code: str(name) for code, name in settings.LANGUAGES}


@cache
def shipped_translations() -> dict[tuple[str, str], Translation]:
    """Translation files by (slug, language), each checked against its source file."""
    found: dict[tuple[str, str], Translation] = {}
    for folder in sorted(p for p in PLAYBOOK_DIR.iterdir() if p.is_dir()):
        if folder.name not in languages() or folder.name == SOURCE_LANGUAGE:
            raise problem(folder.name, _("not a translation language of this site"))
        for path in sorted(folder.glob("*.json")):
            source = shipped().get(path.stem)
            if source is None:
                raise problem(f"{folder.name}/{path.name}", _("no source playbook of this name"))
            found[(path.stem, folder.name)] = load_translation_file(path, source)
    return found
