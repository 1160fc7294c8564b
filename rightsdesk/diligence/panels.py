"""Due diligence's panel on the staff member's dashboard (settings.RIGHTSDESK_DASHBOARD_PANELS,
rightsdesk.cases.extensions): the actions this person owns that are past their due date, so an
overdue mitigation is seen where the day's work starts, not only on the due-diligence pages.

Clear metadata only (the action itself is sealed to the assessment). The assessment's title and
a link are shown only when the viewer passes the assessment's gate (`access_assessment`); an
action in an assessment they can no longer read is counted without either: they ask its owner.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.extensions import DashboardPanel
from rightsdesk.diligence.access import access_assessment
from rightsdesk.diligence.selectors import owned_overdue_mitigations

SHOWN = 20


def dashboard_panel(request: HttpRequest, user: User) -> DashboardPanel | None:
    """The viewer's overdue actions, oldest first; None when there are none."""
    overdue = owned_overdue_mitigations(user, timezone.localdate())
    total = overdue.count()
    if not total:
        return None
    rows = []
    for mitigation in overdue[:SHOWN]:
        try:
            assessment = access_assessment(user, mitigation.impact.assessment.uid)
        except Http404:
            assessment = None
        rows.append({"due_on": mitigation.due_on, "assessment": assessment})
    return DashboardPanel(
        template="diligence/dashboard_panel.html", context={"rows": rows, "total": total}
    )
