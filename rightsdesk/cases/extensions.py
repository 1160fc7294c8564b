"""Panels the pillars built on casework add to the case page and to the staff member's
dashboard, without casework importing them.

Casework must not import the pillars built on it (an import contract in pyproject.toml): a
pillar that has something to show on a case (the referrals of `partners`, later others) names a
function in settings.RIGHTSDESK_CASE_PANELS, and the case page calls each one while it renders:

    def case_panel(request, case, case_key, bound) -> CasePanel | None

It is called after the case's gate (`access_case`) and `case_open`, inside the reader's time
zone, with the case's private key (so the panel can open what it keeps sealed to the case) and
the refused forms of this request (`bound`, by block name; a panel may show its own again). It
returns what to draw (a template and its context, under the variable `panel`), what to add to
the timeline, labels for the audit targets it owns (so the timeline can say "sent to Legal Aid
Network" from an audit line that holds only ids), and a heading and anchor for the page's jump
list; or None to show nothing. A panel must not write: the page is a read.

The dashboard (`/staff/`, rightsdesk.cases.queues.views.home) works the same way through
settings.RIGHTSDESK_DASHBOARD_PANELS:

    def dashboard_panel(request, user) -> DashboardPanel | None

called with the signed-in staff member, inside their time zone, with no key unlocked: what a
pillar shows there is what that person must act on (due diligence: their overdue actions), from
clear metadata only, each title through the pillar's own gate. None when there is nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.timeline import TimelineItem


@dataclass(frozen=True)
class CasePanel:
    """What one pillar shows on a case page."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    timeline: list[TimelineItem] = field(default_factory=list)
    # Labels of audit targets under this case: "referral:<uid>" -> "Legal Aid Network".
    subjects: dict[str, str] = field(default_factory=dict)
    # The panel's section id and heading, for the page's "On this case" jump list.
    anchor: str = ""
    title: str = ""


@dataclass(frozen=True)
class DashboardPanel:
    """What one pillar shows on the staff member's dashboard (under the variable `panel`)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


def dashboard_panels(request: HttpRequest, user: User) -> list[DashboardPanel]:
    """Every panel settings.RIGHTSDESK_DASHBOARD_PANELS names that has something for `user`, in
    order. Call after `staff_required`."""
    panels = []
    for path in getattr(settings, "RIGHTSDESK_DASHBOARD_PANELS", []):
        panel = import_string(path)(request, user)
        if panel is not None:
            panels.append(panel)
    return panels


def case_panels(
    request: HttpRequest, case: Case, case_key: PrivateKey, bound: dict[str, forms.Form]
) -> list[CasePanel]:
    """Every panel settings.RIGHTSDESK_CASE_PANELS names that has something to show, in order.
    Call after the gate, with the key `unlock_case` gave."""
    panels = []
    for path in settings.RIGHTSDESK_CASE_PANELS:
        panel = import_string(path)(request, case, case_key, bound)
        if panel is not None:
            panels.append(panel)
    return panels
