"""The ReportIncident extension's report, read field by field as its REST handler reads it
(`ReportHandler::getBodyParamSettings`, `IncidentReport::behaviorTypes`, MediaWiki
extension ReportIncident, `POST /reportincident/v0/report`):

- `revisionId` (integer, required; 0 for a page without revisions, then `page` names it),
- `incidentType`: "immediate-threat-physical-harm" or "unacceptable-user-behavior",
- `physicalHarmType` (required for, and only for, an immediate threat): "threats-physical-harm",
  "threats-self-harm", "threats-public-harm",
- `behaviorType` (required for, and only for, unacceptable behaviour): "doxing",
  "hate-or-discrimination", "intimidation", "sexual-harassment", "spam", "trolling",
  "something-else", "sockpuppetry", "vandalism", "userdispute", "disruptiveediting", "other",
- `page`, `reportedUser`, `threadId` (strings), `details`, `somethingElseDetails`,
  `directReport` (strings of at most 1,000 code points, the extension's MAX_DETAILS_LENGTH),
- `token` (the wiki's own CSRF token, accepted and dropped).

Anything else, a wrong type (no "5" for 5, no true for 1) or a value out of those sets is
refused with the field's name and a message; nothing is stored then. Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from rightsdesk.wikisafety.models_incidents import BehaviorType, IncidentType, PhysicalHarmType

MAX_DETAILS = 1000
MAX_NAME = 512
TEXT_FIELDS = ("details", "somethingElseDetails", "directReport")
NAME_FIELDS = ("page", "reportedUser", "threadId")
KNOWN = {
    "revisionId", "incidentType", "physicalHarmType", "behaviorType", "token",
    *TEXT_FIELDS, *NAME_FIELDS,
}  # fmt: skip


class PayloadError(ValueError):
    """The report cannot be read: `field` is the field at fault ("" for the whole body)."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        self.field = field
        self.message = message
        self.code = code
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Report:
    """A report as the dialog sent it; the free text and names are sealed when stored."""

    revision_id: int
    incident_type: str
    physical_harm_type: str = ""
    behavior_type: str = ""
    page: str = ""
    reported_user: str = ""
    thread_id: str = ""
    details: str = ""
    something_else_details: str = ""
    direct_report: str = ""

    @property
    def emergency(self) -> bool:
        return self.incident_type == IncidentType.IMMEDIATE

    def sealed_fields(self) -> dict[str, str]:
        """What a person typed or named, under the extension's field names (to be sealed)."""
        return {
            "details": self.details,
            "somethingElseDetails": self.something_else_details,
            "directReport": self.direct_report,
            "reportedUser": self.reported_user,
            "threadId": self.thread_id,
        }


def _text(body: dict[str, Any], field: str, limit: int) -> str:
    value = body.get(field, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(field, _("This must be text."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise PayloadError(field, _("This text cannot be read.")) from error
    if "\x00" in value:
        raise PayloadError(field, _("This text cannot be read."))
    if len(value) > limit:
        raise PayloadError(field, _("This is longer than %(limit)d characters.") % {"limit": limit})
    return value.strip()


def _choice(body: dict[str, Any], field: str, choices: list[str]) -> str:
    value = body.get(field)
    if not isinstance(value, str) or value not in choices:
        raise PayloadError(
            field, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}
        )
    return value


def parse_report(body: object) -> Report:
    """The report in `body` (a decoded JSON value); PayloadError naming the field otherwise."""
    if not isinstance(body, dict):
        raise PayloadError("", _("The body must be a JSON object."))
    unknown = sorted(str(key) for key in body if key not in KNOWN)
    if unknown:
        raise PayloadError(
            unknown[0], _("This field is not part of a report."), code="unknown_field"
        )
    revision = body.get("revisionId")
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise PayloadError("revisionId", _("This must be a whole number (0 for none)."))
    if not 0 <= revision < 2**62:
        raise PayloadError("revisionId", _("This must be a whole number (0 for none)."))
    incident = _choice(body, "incidentType", IncidentType.values)
    harm = behavior = ""
    if incident == IncidentType.IMMEDIATE:
        if body.get("behaviorType") is not None:
            raise PayloadError("behaviorType", _("An immediate threat has no behaviour type."))
        harm = _choice(body, "physicalHarmType", PhysicalHarmType.values)
    else:
        if body.get("physicalHarmType") is not None:
            raise PayloadError(
                "physicalHarmType", _("Only an immediate threat has a physical harm type.")
            )
        behavior = _choice(body, "behaviorType", BehaviorType.values)
    texts = {field: _text(body, field, MAX_DETAILS) for field in TEXT_FIELDS}
    names = {field: _text(body, field, MAX_NAME) for field in NAME_FIELDS}
    if revision == 0 and not names["page"]:
        raise PayloadError("page", _("Name the page when there is no revision."))
    _text(body, "token", MAX_NAME)
    return Report(
        revision_id=revision,
        incident_type=incident,
        physical_harm_type=harm,
        behavior_type=behavior,
        page=names["page"],
        reported_user=names["reportedUser"],
        thread_id=names["threadId"],
        details=texts["details"],
        something_else_details=texts["somethingElseDetails"],
        direct_report=texts["directReport"],
    )
