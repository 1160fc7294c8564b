"""The stage machine and the procedure's clock: pure rules, no database.

A grievance moves one stage forward at a time, along the published procedure (docs/grievances.md);
some stages may end it early (redirected or declined at eligibility, a redirect track). Going back
is allowed only with a written reason (an appeal that finds the handling improper reopens it, a
handler who finds new facts). Skipping a stage forward is never allowed. `check_move` is the one
judge; the services call it before writing anything, so a refused move changes nothing.

Each stage has an indicative time limit in days (`stage_limits`: the defaults below, replaced
stage by stage by settings.RIGHTSDESK_GRIEVANCE_STAGE_DAYS). The limits are published on the
procedure page and drive the clock (`rightsdesk.grievances.clock`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from rightsdesk.core.refusals import Refused
from rightsdesk.grievances.vocabulary import (
    DECISIONS,
    ENDING_OUTCOMES,
    Outcome,
    Stage,
)

ORDER: tuple[Stage, ...] = tuple(Stage)

# target stage -> the outcomes a move there may carry (empty: it carries none), per stage.
FORWARD: Mapping[Stage, Mapping[Stage, tuple[Outcome, ...]]] = {
    Stage.RECEIVED: {Stage.ACKNOWLEDGED: ()},
    Stage.ACKNOWLEDGED: {Stage.ELIGIBILITY: ()},
    Stage.ELIGIBILITY: {
        Stage.ASSESSMENT: (Outcome.ACCEPTED,),
        Stage.CLOSED: (Outcome.REDIRECTED, Outcome.DECLINED),
    },
    Stage.ASSESSMENT: {
        Stage.RESOLUTION: (Outcome.DIALOGUE, Outcome.INVESTIGATION),
        Stage.CLOSED: (Outcome.REDIRECT_TRACK,),
    },
    Stage.RESOLUTION: {Stage.DECISION: DECISIONS},
    Stage.DECISION: {Stage.REMEDY: (), Stage.CLOSED: ()},
    Stage.REMEDY: {Stage.MONITORING: ()},
    Stage.MONITORING: {Stage.CLOSED: ()},
    Stage.CLOSED: {},
}

# Outcomes that end the matter for the person: they must be told why, and may appeal.
ENDING = ENDING_OUTCOMES

DEFAULT_STAGE_DAYS: Mapping[Stage, int] = {
    Stage.RECEIVED: 2,
    Stage.ACKNOWLEDGED: 5,
    Stage.ELIGIBILITY: 15,
    Stage.ASSESSMENT: 45,
    Stage.RESOLUTION: 90,
    Stage.DECISION: 15,
    Stage.REMEDY: 60,
    Stage.MONITORING: 90,
}

MAX_STAGE_DAYS = 365


class StageRefused(Refused):
    """A move the procedure does not allow; nothing was changed."""


@dataclass(frozen=True)
class Move:
    """What a handler asks for: the next stage, what it decided, and why."""

    target: str
    outcome: str = ""
    reason: str = ""


def index(stage: str) -> int:
    return ORDER.index(Stage(stage))


def is_backward(current: str, target: str) -> bool:
    return index(target) < index(current)


def needs_reason(current: str, move: Move) -> bool:
    """Backward moves, endings, decisions and closing are explained to the person in writing."""
    return (
        is_backward(current, move.target)
        or move.outcome in ENDING
        or move.target in (Stage.DECISION, Stage.CLOSED)
    )


def check_move(current: str, move: Move) -> None:
    """Raise StageRefused unless `move` is allowed from `current`. Pure: call before writing."""
    if move.target not in Stage.values or current not in Stage.values:
        raise StageRefused(_("There is no such stage."))
    if move.target == current:
        raise StageRefused(_("The grievance is already at this stage."))
    if is_backward(current, move.target):
        if move.outcome:
            raise StageRefused(_("A move back carries no outcome."))
        if not move.reason.strip():
            raise StageRefused(_("Moving a grievance back needs a reason: the person is told why."))
        return
    allowed = FORWARD[Stage(current)]
    if move.target not in allowed:
        raise StageRefused(
            _("A grievance cannot skip a stage: from “%(current)s” it can go to %(allowed)s.")
            % {
                "current": Stage(current).label,
                "allowed": ", ".join(f"“{Stage(t).label}”" for t in allowed) or "—",
            }
        )
    outcomes = allowed[Stage(move.target)]
    if outcomes and move.outcome not in outcomes:
        raise StageRefused(
            _("Choose what this step decided: %(outcomes)s.")
            % {"outcomes": ", ".join(f"“{Outcome(o).label}”" for o in outcomes)}
        )
    if not outcomes and move.outcome:
        raise StageRefused(_("This step decides nothing: leave the outcome empty."))
    if needs_reason(current, move) and not move.reason.strip():
        raise StageRefused(_("This step needs written reasons: the person is told them."))


def next_moves(current: str) -> list[tuple[Stage, tuple[Outcome, ...]]]:
    """The forward moves from `current`, for the handler's form."""
    return list(FORWARD[Stage(current)].items())


def stage_limits() -> dict[Stage, int]:
    """Days allowed per stage: the defaults, with settings.RIGHTSDESK_GRIEVANCE_STAGE_DAYS over
    them. Raises ImproperlyConfigured on an unknown stage or a limit outside 1..365 days."""
    limits = dict(DEFAULT_STAGE_DAYS)
    configured = getattr(settings, "RIGHTSDESK_GRIEVANCE_STAGE_DAYS", None) or {}
    for code, days in dict(configured).items():
        if code not in DEFAULT_STAGE_DAYS:
            raise ImproperlyConfigured(f"RIGHTSDESK_GRIEVANCE_STAGE_DAYS: no timed stage {code!r}")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= MAX_STAGE_DAYS:
            raise ImproperlyConfigured(
                f"RIGHTSDESK_GRIEVANCE_STAGE_DAYS[{code!r}]: a whole number of days, 1 to "
                f"{MAX_STAGE_DAYS}"
            )
        limits[Stage(code)] = days
    return limits


def stage_due(stage: str, started: datetime) -> datetime | None:
    """When `stage`, entered at `started`, should be over; None for a closed grievance."""
    days = stage_limits().get(Stage(stage))
    return None if days is None else started + timedelta(days=days)


def escalation_level(due: datetime | None, stage: str, now: datetime) -> int:
    """0 on time; 1 once the stage is overdue; 2 once it is late by half its limit again."""
    if due is None or now < due:
        return 0
    days = stage_limits().get(Stage(stage), 1)
    if now >= due + timedelta(days=max(1, math.ceil(days / 2))):
        return 2
    return 1


@dataclass(frozen=True)
class Clock:
    """A stage's clock as people read it: due when, how many days left or late."""

    stage: str
    due: datetime | None
    days_left: int | None
    overdue: bool


def clock_of(stage: str, due: datetime | None, now: datetime) -> Clock:
    if due is None:
        return Clock(stage=stage, due=None, days_left=None, overdue=False)
    left = (due.date() - now.date()).days
    return Clock(stage=stage, due=due, days_left=left, overdue=now > due)
