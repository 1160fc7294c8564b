"""Reads of the reports a wiki forwarded, for the finding page. Call after `access_finding`:
nothing here checks who asks. The sealed fields are opened here, in the request that shows them
to a reader of the queue, and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rightsdesk.wikisafety.incidents.services import open_details
from rightsdesk.wikisafety.models import Finding
from rightsdesk.wikisafety.models_incidents import IncidentReport


@dataclass(frozen=True)
class ReportShown:
    """One forwarded report as the finding page shows it: the dialog's choices in words and
    what the reporter typed (empty strings for fields they left empty)."""

    received_at: datetime
    what: str
    details: str
    something_else: str
    direct_report: str
    reported_user: str


def reports_on(finding: Finding) -> list[ReportShown]:
    """The reports joined to `finding` through ReportIncident, newest first."""
    shown = []
    for report in IncidentReport.objects.filter(finding=finding).order_by("-received_at", "-id"):
        opened = open_details(report)
        what = report.get_behavior_type_display() or report.get_physical_harm_type_display()
        shown.append(
            ReportShown(
                received_at=report.received_at,
                what=str(what or report.get_incident_type_display()),
                details=opened.get("details", ""),
                something_else=opened.get("somethingElseDetails", ""),
                direct_report=opened.get("directReport", ""),
                reported_user=opened.get("reportedUser", ""),
            )
        )
    return shown
