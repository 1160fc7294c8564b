"""Labels for the grievance codes the opened dataclasses carry (translated at render time)."""

from __future__ import annotations

from django import template

from rightsdesk.grievances.vocabulary import (
    AppealOutcome,
    Category,
    Concerns,
    Outcome,
    RemedyKind,
    RemedyView,
    Stage,
)

register = template.Library()

_VOCABULARIES = {
    "stage": Stage,
    "outcome": Outcome,
    "remedy": RemedyKind,
    "view": RemedyView,
    "appeal": AppealOutcome,
    "category": Category,
    "concerns": Concerns,
}


@register.filter
def label(code: object, vocabulary: str) -> str:
    """`{{ move.to_stage|label:"stage" }}`: the code's translated label, "" for no code."""
    if not code:
        return ""
    try:
        return str(_VOCABULARIES[vocabulary](str(code)).label)
    except (KeyError, ValueError):
        return str(code)


@register.filter
def absolute(value: int | None) -> int:
    return abs(value or 0)
