"""Reads of the crisis response: the playbook for a case, the checklist in the viewer's language,
and the crisis block of the case page (decisions opened with the case key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import get_language
from nacl.public import PrivateKey

from rightsdesk.cases.content import open_note
from rightsdesk.cases.crisis.playbooks.store import (
    Playbook,
    former_step,
    localised,
)
from rightsdesk.cases.crisis.playbooks.store import shipped as playbooks
from rightsdesk.cases.models import Case, Crisis, CrisisStep

DEFAULT = "physical_threat"


def playbook_for(threat_types: list[str], books: Mapping[str, Playbook] | None = None) -> Playbook:
    """The playbook whose threat types meet `threat_types`, else the default. `books` defaults to
    the shipped files; `crisis_open` passes the sources in force (admins' edits included)."""
    books = playbooks() if books is None else books
    for book in books.values():
        if set(book.threat_types) & set(threat_types):
            return book
    return books[DEFAULT]


@dataclass(frozen=True)
class ChecklistItem:
    row: CrisisStep
    title: str
    detail: str
    removed: bool  # no longer in the playbook in force: its last known text, or none
    english: bool  # shown in English for want of a translation


@dataclass(frozen=True)
class Checklist:
    title: str
    fallback: bool  # nothing of this playbook is in the viewer's language
    partly_english: bool
    items: list[ChecklistItem]


def checklist(crisis: Crisis, language: str | None) -> Checklist:
    """Every step row of `crisis` (none hidden, even if since removed from the playbook), with
    text in `language` where there is some. Reads no case content; call after `access_case`."""
    try:
        shown = localised(crisis.playbook, language)
    except KeyError:  # a playbook that no longer ships: its rows still show, by id
        shown = None
    texts = {step.id: step for step in shown.book.steps} if shown else {}
    english = shown.english_steps if shown else frozenset()
    items = []
    for row in crisis.steps.all():
        step = texts.get(row.step_id)
        if step is not None:
            items.append(ChecklistItem(row, step.title, step.detail, False, row.step_id in english))
        else:
            title, detail = former_step(crisis.playbook, language, row.step_id) or ("", "")
            items.append(ChecklistItem(row, title, detail, removed=True, english=False))
    return Checklist(
        title=shown.book.title if shown else crisis.playbook,
        fallback=bool(shown and shown.fallback),
        partly_english=any(item.english for item in items),
        items=items,
    )


def crisis_panel(case: Case, key: PrivateKey) -> dict[str, object] | None:
    """The crisis block of a case page: the checklist in the viewer's language (English where
    there is no translation, and the page says so) and the decision log."""
    crisis = Crisis.objects.filter(case=case).select_related("lead").first()
    if crisis is None:
        return None
    return {
        "crisis": crisis,
        "checklist": checklist(crisis, get_language()),
        "decisions": [
            (
                entry.author.username if entry.author else "",
                entry.at,
                open_note(bytes(entry.body), key, f"decision-{entry.uid}"),
            )
            for entry in crisis.decisions.select_related("author")
        ],
    }


def crisis_of(case: Case) -> Crisis | None:
    """The crisis of `case`, if it has one. Call after `access_case`: the case is the gate."""
    return Crisis.objects.filter(case=case).first()
