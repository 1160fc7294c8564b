"""The referrals' clock: escalate what a partner has not answered in time, expire what consent no
longer covers. Run each round of the deadline clock (`rightsdesk cases watch`, settings
RIGHTSDESK_CLOCKS) with a controllable `now`, like `rightsdesk.cases.oncall.deadlines`.

- Sent or received, not accepted by `due_at` (sent + the partner's committed response time), and
  accepted without first contact (in progress) within that time again: escalated once to the
  handler who drafted it and the case's assignee, as a page (a `DeadlineEvent` "referral.overdue"
  and mail with no content, sent after the commit by the pages' task), and on the case's timeline.
- Any referral still open after its consent's end (`until`) expires: the partner's access is
  deleted (rightsdesk.partners.services.loop.referral_expire).
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from django.db import transaction

from rightsdesk.cases.models import DeadlineEvent
from rightsdesk.cases.oncall.pages import send_page
from rightsdesk.core.db import write_transaction
from rightsdesk.partners.models import Referral
from rightsdesk.partners.services.common import audit
from rightsdesk.partners.services.loop import referral_expire
from rightsdesk.partners.vocabulary import CLOSED, State

OVERDUE = "referral.overdue"
_WAITING = (State.SENT, State.RECEIVED, State.ACCEPTED)

log = logging.getLogger(__name__)


def referrals_check(now: datetime) -> list[str]:
    """One round: what was done, one line each (no content)."""
    done: list[str] = []
    expiring = Referral.objects.exclude(state__in=CLOSED).filter(until__lt=now.date())
    for referral in expiring.only("pk", "uid"):
        if referral_expire(referral=referral, now=now):
            done.append(f"referral {referral.uid} expired")
    overdue = Referral.objects.filter(state__in=_WAITING, escalated=False, due_at__lte=now)
    for pk in overdue.values_list("pk", flat=True):
        if _escalate(pk, now):
            done.append(f"referral {pk} escalated")
    return done


def _escalate(pk: int, now: datetime) -> bool:
    with write_transaction():
        referral = (
            # `of`: PostgreSQL locks no nullable side of an outer join (drafter, assignee).
            Referral.objects.select_for_update(of=("self",))
            .select_related("case", "drafted_by", "case__assignee")
            .get(pk=pk)
        )
        if referral.escalated or referral.state not in _WAITING or not referral.due_at:
            return False
        if referral.due_at > now:
            return False
        referral.escalated = True
        referral.save(update_fields=["escalated"])
        case = referral.case
        event = DeadlineEvent.objects.create(case=case, kind=OVERDUE, at=now, count=0)
        audit(referral, "overdue", None, system="referrals")
        people = [
            person.pk
            for person in (referral.drafted_by, case.assignee)
            if person is not None and person.is_active and person.email
        ]
        if people:
            transaction.on_commit(
                partial(
                    send_page.enqueue,
                    event_id=event.pk,
                    user_ids=sorted(set(people)),
                    priority=case.priority,
                ),
                robust=True,
            )
    return True
