"""Demo grievances for `rightsdesk demo`: a newcomer sees the list, the clocks, a decision with
a remedy, an appeal waiting for review, and a register entry.

The demo handler is allowed to handle grievances and the demo admin to review appeals (the
admin never handles them, so the review is independent). Everything goes through the real
services, so the demo grievances are sealed, routed, audited and clocked like real ones. The
grievances are invented and name no one; their receipts are thrown away (the demo shows the
staff side; file one at /grievances/file/ to try the person's side). Only for RIGHTSDESK_DEMO=1
(the command checks). Run twice, it adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.services import receipt_server_key
from rightsdesk.crypto import derive_receipt_secrets, receipt_keypair, unwrap_report_key
from rightsdesk.grievances.content import Filing
from rightsdesk.grievances.filing import FilingMetadata, grievance_file
from rightsdesk.grievances.follow import Follow, person_appeal
from rightsdesk.grievances.models import Grievance, GrievanceWrap
from rightsdesk.grievances.register import register_approve
from rightsdesk.grievances.remedies import remedy_add, remedy_done
from rightsdesk.grievances.services import grievance_move, grievance_reply
from rightsdesk.grievances.stages import Move

FILINGS = (
    (
        Filing(
            what_happened="My account was blocked after I reverted a promotional edit. Nobody "
            "told me why and the appeal form on the wiki never answered.",
            remedy_sought="Unblock my account and explain the rule I broke.",
        ),
        FilingMetadata(category="account", concerns="project", language="en"),
    ),
    (
        Filing(
            what_happened="At the community event last month the organisers published the "
            "attendee list with our home cities, without asking.",
            affected="About thirty participants.",
            remedy_sought="Take the list down and apologise.",
        ),
        FilingMetadata(category="privacy", concerns="event", language="fr"),
    ),
    (
        Filing(
            what_happened="Our grant report was rejected for being in Arabic; we were told to "
            "translate it at our own cost.",
            remedy_sought="Accept reports in the languages the programme supports.",
        ),
        FilingMetadata(category="funding", concerns="grant", language="ar"),
    ),
)


def _permit(user: User, codename: str) -> None:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="grievances", codename=codename)
    )


def demo_grievances(*, admin: User, handler: User, now: datetime) -> int:
    """Grant the demo roles and file the demo grievances; returns how many were filed."""
    _permit(handler, "handle_grievances")
    _permit(admin, "review_appeals")
    if Grievance.objects.exists():
        return 0
    filed = [
        grievance_file(
            filing=filing,
            metadata=metadata,
            uploads=[],
            keep_uncleaned=False,
            now=now - timedelta(days=age),
        )
        for (filing, metadata), age in zip(FILINGS, (1, 20, 40), strict=True)
    ]
    # The second: acknowledged, through eligibility, now in assessment (its clock running).
    second = filed[1].grievance
    for days, move in ((18, Move("acknowledged")), (16, Move("eligibility"))):
        _move(second, handler, move, now - timedelta(days=days))
    _move(second, handler, Move("assessment", "accepted"), now - timedelta(days=10))
    grievance_reply(
        grievance=second, body="We took the list down while we look into it.", actor=handler
    )
    # The third: decided, a remedy carried out, appealed by the person, register entry approved.
    third = filed[2].grievance
    steps = (
        (38, Move("acknowledged")),
        (36, Move("eligibility")),
        (30, Move("assessment", "accepted")),
        (20, Move("resolution", "dialogue")),
        (
            10,
            Move(
                "decision",
                "partly_upheld",
                "Reports are accepted in Arabic from now on; we "
                "cannot refund the translation already paid.",
            ),
        ),
    )
    for days, move in steps:
        _move(third, handler, move, now - timedelta(days=days))
    remedy = remedy_add(
        grievance=third,
        actor=handler,
        kind="policy_change",
        who="Grants programme",
        what="Accept grant reports in every language the programme supports.",
        due_on=(now + timedelta(days=20)).date(),
    )
    remedy_done(
        grievance=third,
        actor=handler,
        uid=str(remedy.uid),
        evidence="Programme rules updated on the grants page, section 4.",
    )
    key = _person_key(filed[2].receipt, third)
    person_appeal(
        follow=Follow(grievance=third, key=key, token=""),
        grounds="Nobody asked us what the translation cost before deciding.",
        now=now - timedelta(days=2),
    )
    register_approve(grievance=third, actor=handler)
    return len(filed)


def _move(grievance: Grievance, handler: User, move: Move, at: datetime) -> None:
    grievance.refresh_from_db()
    grievance_move(
        grievance=grievance, move=move, from_stage=grievance.stage, actor=handler, now=at
    )


def _person_key(receipt: str, grievance: Grievance) -> PrivateKey:
    """The grievance key as the person's receipt opens it (what their follow session holds)."""
    derived = derive_receipt_secrets(
        receipt.replace(" ", ""),
        server_key=receipt_server_key(),
        params=settings.RIGHTSDESK_RECEIPT_KDF,
    )
    wrap = GrievanceWrap.objects.get(grievance=grievance, kind=GrievanceWrap.Kind.RECEIPT)
    return unwrap_report_key(
        bytes(wrap.wrap), bytes(grievance.public_key), receipt_keypair(derived)
    )
