"""The case's codes as people read them: translated labels for the staff pages.

Codes (`controversial_topic`, `government`, `week`, `en`) are what the database, the API and
reports store; a handler at 3 a.m. reads words. One place turns every coded fact of a case page
into the words of the reader's language, so no template prints a bare code again. A code no
longer in the vocabulary is shown as it is rather than hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import get_language_info

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case
from rightsdesk.cases.vocabulary import (
    ActorType,
    Ongoing,
    Right,
    Since,
    Status,
    TargetReason,
    ThreatType,
)


def labels_of(vocabulary: type[models.TextChoices], codes: Iterable[str]) -> list[str]:
    """Each code's label in the current language, in the order given."""
    known = {value: str(label) for value, label in vocabulary.choices}
    return [known.get(code, code) for code in codes]


def label_of(vocabulary: type[models.TextChoices], code: str) -> str:
    return labels_of(vocabulary, [code])[0] if code else ""


def language_name(code: str) -> str:
    """A language code as its name in the reader's language ("en" -> "English", "Inglés")."""
    if not code:
        return ""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def case_facts(case: Case, report: ReportContent) -> dict[str, object]:
    """The coded facts of an opened case, as words. Call after `case_open` (the report is opened
    and the read audited); reads nothing more."""
    return {
        "status": label_of(Status, case.status),
        "threats": labels_of(ThreatType, case.threat_types),
        "rights": labels_of(Right, case.rights),
        "actors": labels_of(ActorType, report.actor_types),
        "reasons": labels_of(TargetReason, report.reasons),
        "since": label_of(Since, report.since),
        "ongoing": label_of(Ongoing, report.ongoing),
        "language": language_name(report.language),
    }
