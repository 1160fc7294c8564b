"""The cases app's models, one module per feature; Django finds them all through this package."""

from rightsdesk.cases.models.base import AuthoredSealedRow, SealedRow
from rightsdesk.cases.models.case import Attachment, Case, KeyWrap, Message, Note
from rightsdesk.cases.models.crisis import Crisis, CrisisDecision, CrisisStep, PlaybookRevision
from rightsdesk.cases.models.links import CaseLink
from rightsdesk.cases.models.oncall import DeadlineEvent, OnCallShift
from rightsdesk.cases.models.replies import ReplyTemplate
from rightsdesk.cases.models.search import SearchEntry
from rightsdesk.cases.models.triage import TriageStep

__all__ = [
    "Attachment",
    "AuthoredSealedRow",
    "Case",
    "CaseLink",
    "Crisis",
    "CrisisDecision",
    "CrisisStep",
    "DeadlineEvent",
    "KeyWrap",
    "Message",
    "Note",
    "OnCallShift",
    "PlaybookRevision",
    "ReplyTemplate",
    "SealedRow",
    "SearchEntry",
    "TriageStep",
]
