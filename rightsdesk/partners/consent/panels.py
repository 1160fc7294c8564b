"""The partner network's panel in the volunteer's inbox (settings.RIGHTSDESK_INBOX_PANELS).

Shown near the top of the inbox so the volunteer sees at once that the team proposes to put them
in touch with an organisation, and which referrals went (they may withdraw them). Names and clear
metadata only: what would be shared is on the referral's own page.
"""

from __future__ import annotations

from rightsdesk.intake.extensions import Panel
from rightsdesk.intake.inbox import Inbox
from rightsdesk.partners.consent.selectors import inbox_referrals
from rightsdesk.partners.vocabulary import State


def inbox_panel(inbox: Inbox) -> Panel | None:
    """The referrals of the inbox's case that wait for an answer or went; None when none."""
    referrals = list(inbox_referrals(inbox.case).select_related("partner"))
    if not referrals:
        return None
    asking = [r for r in referrals if r.state == State.AWAITING_CONSENT]
    sent = [r for r in referrals if r.state != State.AWAITING_CONSENT]
    return Panel(
        template="partners/consent/inbox_panel.html", context={"asking": asking, "sent": sent}
    )
