"""Demo data for the transparency reports: one public release of the current half-year, drafted
by the demo handler and approved by the demo admin, so a newcomer finds /transparency/ filled
from the other pillars' demo data (through the same rules as a real release)."""

from __future__ import annotations

from datetime import datetime

from rightsdesk.accounts.models import User
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import release_approve, release_draft


def demo_transparency(*, drafter: User, approver: User, now: datetime) -> str:
    """The slug of the approved demo release; "" when releases exist already (run twice)."""
    if Release.objects.exists():
        return ""
    period = f"{now.year}-H{1 if now.month <= 6 else 2}"
    release = release_draft(actor=drafter, audience="public", period=period, now=now)
    return release_approve(actor=approver, release=release, now=now).slug
