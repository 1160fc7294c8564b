"""Grievances by stage and outcome, from a grievance's clear codes (stage, eligibility, track,
decision: the same outcome type the public register shows)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rightsdesk.grievances.models import Grievance
from rightsdesk.grievances.vocabulary import Outcome, Stage
from rightsdesk.transparency.disclosure import CountTable, label_name
from rightsdesk.transparency.tables import TableDef

NONE = "none_yet"
COLS = [*Outcome.values, NONE]


def by_stage(start: date, end: date) -> CountTable:
    counts = {s: dict.fromkeys(COLS, 0) for s in Stage.values}
    for grievance in Grievance.objects.filter(filed_on__gte=start, filed_on__lt=end).only(
        "stage", "eligibility", "track", "decision"
    ):
        outcome = grievance.outcome_type or NONE
        if grievance.stage in counts and outcome in counts[grievance.stage]:
            counts[grievance.stage][outcome] += 1
    return CountTable.two(
        "grievances", list(Stage.values), COLS, [[counts[s][c] for c in COLS] for s in counts]
    )


def _names(key: str) -> str:
    if key == NONE:
        return gettext("No outcome yet")
    for choices in (Stage.choices, Outcome.choices):
        found = dict(choices).get(key)
        if found is not None:
            return str(found)
    return label_name(key)


def tables() -> list[TableDef]:
    return [
        TableDef(
            "grievances",
            _("Grievances about the organisation, by stage and outcome"),
            _("Stage"),
            _("Outcome"),
            by_stage,
            names=_names,
        )
    ]
