"""Partner performance, aggregate only, for renewing a vetting: per organisation, the referrals
sent, how many it accepted of those it answered, the median time from sent to accepted, the
outcomes by code and the declines by reason.

No small cells: a count under 3 (0, 1 or 2) is never shown, only "fewer than 3" (`Cell.value` is
None), because a count of one or two referrals, next to a reason or an outcome, can point at one
volunteer. A rate is shown only when at least 3 referrals were answered and neither the accepted
nor the declined ones number 1 or 2 (otherwise the rate gives that small count away); a median
only over at least 3 acceptances. Suppression happens here, so no template can undo it.

Reads only clear metadata of referrals (state, reason and outcome codes, times); no case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.vocabulary import DeclineReason, Outcome, State

SMALLEST = 3


@dataclass(frozen=True)
class Cell:
    """A count as shown: `value` None when under SMALLEST."""

    value: int | None

    @classmethod
    def of(cls, count: int) -> Cell:
        return cls(count if count >= SMALLEST else None)


@dataclass(frozen=True)
class PartnerPerformance:
    partner: Partner
    sent: Cell
    answered: Cell
    accepted: Cell
    declined: Cell
    # Accepted of answered, 0-100, rounded; None when suppressed.
    acceptance_percent: int | None
    # Hours from sent to accepted, median; None when fewer than SMALLEST acceptances.
    median_hours_to_accept: float | None
    outcomes: list[tuple[str, Cell]]
    declines: list[tuple[str, Cell]]


def _rate(accepted: int, declined: int) -> int | None:
    answered = accepted + declined
    if answered < SMALLEST or accepted in (1, 2) or declined in (1, 2):
        return None
    return round(100 * accepted / answered)


def _median_hours(times: list[tuple[datetime, datetime]]) -> float | None:
    if len(times) < SMALLEST:
        return None
    return round(median((accepted - sent).total_seconds() / 3600 for sent, accepted in times), 1)


def partner_performance(*, since: date | None = None) -> list[PartnerPerformance]:
    """Every organisation of the directory, by name, over the referrals sent to it (since
    `since`, when given). Two queries."""
    referrals = Referral.objects.filter(sent_at__isnull=False)
    if since is not None:
        referrals = referrals.filter(sent_at__date__gte=since)
    rows = referrals.values_list(
        "partner_id", "state", "decline_reason", "outcome", "sent_at", "accepted_at"
    )
    by_partner: dict[int, list[tuple[str, str, str, datetime, datetime | None]]] = {}
    for partner_id, *facts in rows:
        by_partner.setdefault(partner_id, []).append(tuple(facts))  # type: ignore[arg-type]
    out = []
    for partner in Partner.objects.order_by("name"):
        mine = by_partner.get(partner.pk, [])
        accepted = [(sent, at) for _s, _r, _o, sent, at in mine if at is not None]
        declined = [r for s, r, _o, _t, _a in mine if s == State.DECLINED]
        outcomes = [o for _s, _r, o, _t, _a in mine if o]
        out.append(
            PartnerPerformance(
                partner=partner,
                sent=Cell.of(len(mine)),
                answered=Cell.of(len(accepted) + len(declined)),
                accepted=Cell.of(len(accepted)),
                declined=Cell.of(len(declined)),
                acceptance_percent=_rate(len(accepted), len(declined)),
                median_hours_to_accept=_median_hours(accepted),
                outcomes=[(code, Cell.of(outcomes.count(code))) for code in Outcome.values],
                declines=[(code, Cell.of(declined.count(code))) for code in DeclineReason.values],
            )
        )
    return out
