"""Grievances: what a person affected filed, and everything the procedure did with it."""

from rightsdesk.grievances.models.grievance import (
    FollowSession,
    Grievance,
    GrievanceWrap,
    Recusal,
)
from rightsdesk.grievances.models.work import (
    Appeal,
    ClockEvent,
    GrievanceAttachment,
    GrievanceMessage,
    Move,
    RegisterEntry,
    Remedy,
)

__all__ = [
    "Appeal",
    "ClockEvent",
    "FollowSession",
    "Grievance",
    "GrievanceAttachment",
    "GrievanceMessage",
    "GrievanceWrap",
    "Move",
    "Recusal",
    "RegisterEntry",
    "Remedy",
]
