"""Crisis playbooks: the shipped files, their translations, admins' edits, and which is in force.

The file format and its checks are in `files`: step ids and deadlines always come from the English
source, so no translation can change what the team must do by when. An admin's edit is checked by
the same functions as a file and stored as a `PlaybookRevision`.

In force for (slug, language): the newest revision for it, else the file; a revision holding
`SHIPPED` sends it back to the file. A language without text falls back to the English source and
says so. If the source was edited after a translation, steps the translation lacks are shown in
English (and flagged) rather than hidden.

Nothing here checks permissions: the editor admits only admins before calling `playbook_save` or
`playbook_revert`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.crisis.playbooks.files import (
    DETAIL_MAX,
    MINUTES_MAX,
    SOURCE_LANGUAGE,
    STEPS_MAX,
    TITLE_MAX,
    Playbook,
    PlaybookError,
    Step,
    Translation,
    check_threat_types,
    languages,
    load_source_file,
    load_translation_file,
    parse_source,
    parse_translation,
    problem,
    shipped,
    shipped_translations,
)
from rightsdesk.cases.models import PlaybookRevision

__all__ = [  # the format, re-exported: callers import everything from playbook_store
    "DETAIL_MAX",
    "MINUTES_MAX",
    "SOURCE_LANGUAGE",
    "STEPS_MAX",
    "TITLE_MAX",
    "Playbook",
    "PlaybookError",
    "Step",
    "Translation",
    "check_threat_types",
    "languages",
    "load_source_file",
    "load_translation_file",
    "parse_source",
    "parse_translation",
    "shipped",
    "shipped_translations",
]

log = logging.getLogger(__name__)

SHIPPED: dict[str, object] = {"shipped": True}  # a revision that means "the shipped file again"


class PlaybookConflict(PlaybookError):
    """Someone else saved this playbook since the editor was opened."""


@dataclass(frozen=True)
class Localised:
    """A playbook as shown in one language."""

    book: Playbook  # ids and minutes from the source; text in the language where there is some
    fallback: bool  # no text at all in this language: all of it is English
    english_steps: frozenset[str]  # steps the translation lacks, shown in English


def _stored(language: str) -> str:
    return "" if language == SOURCE_LANGUAGE else language


def newest(slug: str, language: str) -> PlaybookRevision | None:
    """The newest revision for (slug, language), a `SHIPPED` one included."""
    return PlaybookRevision.objects.filter(slug=slug, language=_stored(language)).first()


def _edit(row: PlaybookRevision | None) -> PlaybookRevision | None:
    return None if row is None or row.data == SHIPPED else row


def _latest(**filters: str) -> dict[tuple[str, str], PlaybookRevision]:
    """The newest revision per (slug, stored language), in one query."""
    latest: dict[tuple[str, str], PlaybookRevision] = {}
    for row in PlaybookRevision.objects.filter(**filters):
        latest.setdefault((row.slug, row.language), row)  # rows come newest first
    return latest


def _source_from(slug: str, row: PlaybookRevision | None) -> Playbook:
    file = shipped()[slug]
    row = _edit(row)
    if row is None:
        return file
    try:
        return parse_source(row.data, f"{slug} revision {row.pk}")
    except PlaybookError:  # only a hand-edited database gets here: keep the team working
        log.exception("playbook revision %s is broken; using the shipped file", row.pk)
        return file


def source(slug: str) -> Playbook:
    """The source in force for `slug` (KeyError if no such playbook ships)."""
    return _source_from(slug, newest(slug, SOURCE_LANGUAGE))


def sources() -> dict[str, Playbook]:
    """Every playbook's source in force, by slug."""
    latest = _latest(language="")
    return {slug: _source_from(slug, latest.get((slug, ""))) for slug in shipped()}


def translation(slug: str, language: str, base: Playbook) -> Translation | None:
    """The text in force for a translation language, read leniently against `base`."""
    row = newest(slug, language)
    if row is None or row.data == SHIPPED:
        return shipped_translations().get((slug, language))
    try:
        return parse_translation(row.data, base, f"{slug} revision {row.pk}", complete=False)
    except PlaybookError:
        log.exception("playbook revision %s is broken; using the shipped file", row.pk)
        return shipped_translations().get((slug, language))


def short_language(language: str | None) -> str:
    code = (language or SOURCE_LANGUAGE).split("-")[0].lower()
    return code if code in languages() else SOURCE_LANGUAGE


def localised(slug: str, language: str | None) -> Localised:
    """The playbook in force for `slug` in `language` (KeyError if no such playbook ships)."""
    book = source(slug)
    code = short_language(language)
    if code == SOURCE_LANGUAGE:
        return Localised(book=book, fallback=False, english_steps=frozenset())
    text = translation(slug, code, book)
    if text is None:
        return Localised(book=book, fallback=True, english_steps=frozenset())
    steps = tuple(
        replace(step, title=text.steps[step.id][0], detail=text.steps[step.id][1])
        if step.id in text.steps
        else step
        for step in book.steps
    )
    english = frozenset(step.id for step in book.steps if step.id not in text.steps)
    return Localised(
        book=replace(book, title=text.title, steps=steps),
        fallback=False,
        english_steps=english,
    )


def _step_in_revisions(slug: str, stored: str, step_id: str) -> tuple[str, str] | None:
    for row in PlaybookRevision.objects.filter(slug=slug, language=stored):  # newest first
        steps = row.data.get("steps") if isinstance(row.data, dict) else None
        if isinstance(steps, dict) and isinstance(steps.get(step_id), dict):
            return str(steps[step_id].get("title", "")), str(steps[step_id].get("detail", ""))
        for item in steps if isinstance(steps, list) else []:
            if isinstance(item, dict) and item.get("id") == step_id:
                return str(item.get("title", "")), str(item.get("detail", ""))
    return None


def former_step(slug: str, language: str | None, step_id: str) -> tuple[str, str] | None:
    """The last known (title, detail) of a step no longer in the playbook, so that a crisis opened
    before it was removed still shows what the step was: the language's text, else English."""
    code = short_language(language)
    if code != SOURCE_LANGUAGE:
        found = _step_in_revisions(slug, code, step_id)
        text = shipped_translations().get((slug, code))
        if found is None and text is not None:
            found = text.steps.get(step_id)
        if found is not None:
            return found
    found = _step_in_revisions(slug, "", step_id)
    file = shipped().get(slug)
    for step in file.steps if file and found is None else ():
        if step.id == step_id:
            return step.title, step.detail
    return found


@dataclass(frozen=True)
class Standing:
    """Where the text in force for one language of a playbook comes from."""

    language: str
    name: str
    origin: str  # "edit", "file", or "none" (English stands in)
    behind: bool  # the English was changed after this text was last set


def _origin(slug: str, language: str, row: PlaybookRevision | None) -> str:
    if _edit(row) is not None:
        return "edit"
    if language == SOURCE_LANGUAGE or (slug, language) in shipped_translations():
        return "file"
    return "none"


def origin(slug: str, language: str) -> str:
    """Where the text in force comes from: "edit", "file" or "none" (English stands in)."""
    return _origin(slug, language, newest(slug, language))


def overview() -> list[tuple[Playbook, list[Standing]]]:
    """Every playbook with, per interface language, where its text comes from (one query)."""
    latest = _latest()
    listing = []
    for slug in shipped():
        english = latest.get((slug, ""))
        book = _source_from(slug, english)
        standings = []
        for code, name in languages().items():
            row = latest.get((slug, _stored(code)))
            where = _origin(slug, code, row)
            behind = (
                code != SOURCE_LANGUAGE
                and where != "none"
                and english is not None
                and (row is None or row.edited_at < english.edited_at)
            )
            standings.append(Standing(code, name, where, behind))
        listing.append((book, standings))
    return listing


def history(slug: str, language: str, limit: int = 50) -> list[PlaybookRevision]:
    """The newest `limit` revisions for (slug, language), with who made them."""
    rows = PlaybookRevision.objects.filter(slug=slug, language=_stored(language))
    return list(rows.select_related("edited_by")[:limit])


def _checked(slug: str, language: str, data: object) -> dict[str, object]:
    where = f"{slug} ({language})"
    if language == SOURCE_LANGUAGE:
        book = parse_source(data, where)
        if book.slug != slug:
            raise problem(where, _("the slug cannot be changed"))
        check_threat_types([*(b for s, b in sources().items() if s != slug), book])
        return book.as_data()
    return parse_translation(data, source(slug), where).as_data()


def playbook_save(
    *, slug: str, language: str, data: object, based_on: int, actor: User
) -> PlaybookRevision:
    """Check `data` exactly as a file is checked and store it as the revision in force (audited
    `playbook.edit`). `based_on` is the newest revision's id when the editor opened (0: none);
    if someone saved since, raises PlaybookConflict and stores nothing."""
    require_admin(actor)
    if slug not in shipped() or language not in languages():
        raise PlaybookError(_("No such playbook or language."))
    with transaction.atomic():
        clean = _checked(slug, language, data)
        _unchanged_since(slug, language, based_on)
        return _revision(slug, language, clean, actor, "playbook.edit")


def playbook_revert(*, slug: str, language: str, based_on: int, actor: User) -> bool:
    """Put the shipped file back in force (audited `playbook.revert`); False if it already is."""
    require_admin(actor)
    if slug not in shipped() or language not in languages():
        raise PlaybookError(_("No such playbook or language."))
    with transaction.atomic():
        _unchanged_since(slug, language, based_on)
        if _edit(newest(slug, language)) is None:
            return False
        _revision(slug, language, SHIPPED, actor, "playbook.revert")
    return True


def _revision(slug: str, language: str, data: object, actor: User, action: str) -> PlaybookRevision:
    """Store `data` as the revision in force and audit it; inside the caller's transaction."""
    row = PlaybookRevision.objects.create(
        slug=slug, language=_stored(language), data=data, edited_by=actor, edited_at=timezone.now()
    )
    audit_record(
        actor=actor_label(actor),
        action=action,
        target_type="playbook",
        target_id=f"{slug}/{language}",
    )
    return row


def _unchanged_since(slug: str, language: str, based_on: int) -> None:
    row = newest(slug, language)
    if (row.pk if row else 0) != based_on:
        raise PlaybookConflict(
            _("Someone saved this playbook in the meantime: reload the page and edit again.")
        )
