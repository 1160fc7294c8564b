"""Referrals by service and outcome, from a referral's clear codes (service, state, outcome)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rightsdesk.partners.models import Referral
from rightsdesk.partners.vocabulary import Outcome, Service, State
from rightsdesk.transparency.disclosure import CountTable, label_name
from rightsdesk.transparency.tables import TableDef

OPEN, ENDED = "open", "ended_without_outcome"
ENDED_STATES = {State.DECLINED, State.FAILED, State.CANCELLED, State.WITHDRAWN, State.EXPIRED}
COLS = [*Outcome.values, ENDED, OPEN]


def by_service(start: date, end: date) -> CountTable:
    """Referrals drafted in the period (drafts never sent are left out), by service and by the
    outcome the partner reported; still running, or ended without one (declined, failed,
    cancelled, withdrawn, expired)."""
    counts = {s: dict.fromkeys(COLS, 0) for s in Service.values}
    rows = Referral.objects.filter(
        created_at__date__gte=start, created_at__date__lt=end, sent_at__isnull=False
    ).values_list("service", "state", "outcome")
    for service, state, outcome in rows:
        if service not in counts:
            continue
        if outcome in Outcome.values:
            col = outcome
        elif state in ENDED_STATES:
            col = ENDED
        else:
            col = OPEN
        counts[service][col] += 1
    return CountTable.two(
        "referrals", list(Service.values), COLS, [[counts[s][c] for c in COLS] for s in counts]
    )


def _names(key: str) -> str:
    if key == OPEN:
        return gettext("Still open")
    if key == ENDED:
        return gettext("Ended without an outcome")
    for choices in (Service.choices, Outcome.choices):
        found = dict(choices).get(key)
        if found is not None:
            return str(found)
    return label_name(key)


def tables() -> list[TableDef]:
    return [
        TableDef(
            "referrals",
            _("Referrals to partner organisations, by service and outcome"),
            _("Service"),
            _("Outcome"),
            by_service,
            names=_names,
        )
    ]
