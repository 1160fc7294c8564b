"""The effectiveness scorecard: the UN Guiding Principles' criteria (principle 31) measured from
the grievances' own clear metadata, for one period. Reads only; needs no key.

Each share is a `Ratio` (numerator and denominator, so a page can say "3 of 4" and nobody reads
a percentage of nothing). The population is the grievances filed in [start, end), except
predictability, which counts the stages that ended in the period. Shown to staff; published only
through the disclosure-controlled transparency releases when those exist.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from django.conf import settings

from rightsdesk.grievances.models import Grievance, GrievanceMessage, Move, Remedy
from rightsdesk.grievances.selectors import grievances_in
from rightsdesk.grievances.vocabulary import Stage


@dataclass(frozen=True)
class Ratio:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return None if self.whole == 0 else round(100 * self.part / self.whole)


@dataclass(frozen=True)
class Scorecard:
    start: date
    end: date
    filed: int
    channels: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    anonymous: Ratio = Ratio(0, 0)
    on_time: Ratio = Ratio(0, 0)
    update_days: int = 14
    updated: Ratio = Ratio(0, 0)
    partner_advice: Ratio = Ratio(0, 0)
    outcomes: dict[str, int] = field(default_factory=dict)
    remedies: dict[str, int] = field(default_factory=dict)
    learning: Ratio = Ratio(0, 0)
    rated: int = 0
    satisfied: Ratio = Ratio(0, 0)
    mean_rating: float | None = None
    remedy_views: dict[str, int] = field(default_factory=dict)


def kept_informed(grievance: Grievance, updates: list[date], end: date, days: int) -> bool:
    """Whether the person never waited more than `days` between the filing day, each update
    (a move or a handler's message) and the end of the period or the closing, whichever is
    first. Pure, so the rule can be tested alone."""
    last = min(grievance.closed_at.date() if grievance.closed_at else end, end)
    points = [grievance.filed_on, *sorted(d for d in updates if d <= last), last]
    return all(b - a <= timedelta(days=days) for a, b in pairwise(points))


def scorecard(start: date, end: date) -> Scorecard:
    """The scorecard of the grievances filed in [start, end)."""
    days = settings.RIGHTSDESK_GRIEVANCE_UPDATE_DAYS
    rows = list(grievances_in(start, end))
    ids = [g.pk for g in rows]
    total = len(rows)
    updates: dict[int, list[date]] = {pk: [] for pk in ids}
    for gid, at in Move.objects.filter(grievance_id__in=ids).values_list("grievance_id", "at"):
        updates[gid].append(at.date())
    team = GrievanceMessage.objects.filter(
        grievance_id__in=ids, direction=GrievanceMessage.Direction.FROM_TEAM
    )
    for gid, on in team.values_list("grievance_id", "created_on"):
        updates[gid].append(on)
    ended = Move.objects.filter(at__date__gte=start, at__date__lt=end, on_time__isnull=False)
    ratings = [g.satisfaction for g in rows if g.stage == Stage.CLOSED and g.satisfaction]
    remedies = Remedy.objects.filter(grievance_id__in=ids)
    return Scorecard(
        start=start,
        end=end,
        filed=total,
        channels=dict(Counter(g.channel for g in rows)),
        languages=dict(Counter(g.language or "?" for g in rows)),
        anonymous=Ratio(sum(g.anonymous for g in rows), total),
        on_time=Ratio(ended.filter(on_time=True).count(), ended.count()),
        update_days=days,
        updated=Ratio(sum(kept_informed(g, updates[g.pk], end, days) for g in rows), total),
        partner_advice=Ratio(sum(g.partner_advice for g in rows), total),
        outcomes=dict(Counter(g.outcome_type for g in rows if g.outcome_type)),
        remedies=dict(Counter(remedies.values_list("kind", flat=True))),
        learning=Ratio(sum(bool(g.learning) for g in rows), total),
        rated=len(ratings),
        satisfied=Ratio(sum(r >= 4 for r in ratings), len(ratings)),
        mean_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
        remedy_views=dict(
            Counter(remedies.exclude(person_view="").values_list("person_view", flat=True))
        ),
    )
