"""Due diligence's data: assessments and what hangs on them (`assessments`), the impact register
and its mitigations (`register`), the public recommendation tracker (`tracker`)."""

from rightsdesk.diligence.models.assessments import (
    Assessment,
    AssessmentWrap,
    ChecklistTick,
    Engagement,
    Evidence,
    PhaseSignoff,
    TriggerEvent,
)
from rightsdesk.diligence.models.register import Impact, Mitigation
from rightsdesk.diligence.models.tracker import Recommendation, RecommendationUpdate

__all__ = [
    "Assessment",
    "AssessmentWrap",
    "ChecklistTick",
    "Engagement",
    "Evidence",
    "Impact",
    "Mitigation",
    "PhaseSignoff",
    "Recommendation",
    "RecommendationUpdate",
    "TriggerEvent",
]
