"""Demo demands for `rightsdesk demo`: invented demands in several states (a police subpoena
waiting for its legal review, a court order for a content removal decided in part with the user
notified, an emergency request disclosed on the fast path and owing its review afterwards, an
informal request refused for want of a legal basis).

Everything goes through the real services, so the demo is sealed, wrapped and audited like real
data. Only for RIGHTSDESK_DEMO=1 (the command checks). Safe to run again: nothing is made when a
demand exists already.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import Permission

from rightsdesk.accounts.models import User
from rightsdesk.demands.models import Demand
from rightsdesk.demands.services.demands import DemandValues, demand_create, document_add
from rightsdesk.demands.services.procedure import (
    decision_approve,
    demand_decide,
    demand_move,
    review_record,
)
from rightsdesk.demands.vocabulary import ReviewItem


def _permit(user: User) -> None:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="demands", codename="handle_demands")
    )


def _values(now: datetime, **changes: object) -> DemandValues:
    values: dict[str, object] = {
        "requester_kind": "police",
        "requester_name": "Invented cyber crimes unit",
        "country": "TR",
        "instrument": "criminal_subpoena",
        "channel": "email",
        "received_on": (now - timedelta(days=3)).date(),
        "deadline": (now + timedelta(days=4)).date(),
        "asks": ["data_non_content"],
        "laws": "Invented law 5651, article 8",
        "reference": "DEMO/2026/1",
        "summary": "IP addresses and e-mail of an account for October.",
        "text": "Provide the IP addresses and e-mail address of the user DemoVolunteer "
        "(call +90 532 000 00 00).",
        "accounts": ["DemoVolunteer"],
    }
    values.update(changes)
    return DemandValues(**values)  # type: ignore[arg-type]


def _review(demand: Demand, actor: User, now: datetime, verdicts: dict[str, str]) -> None:
    for item in ReviewItem.values:
        review_record(demand=demand, actor=actor, item=item, verdict=verdicts.get(item, "met"),
                      note="Demo note: read against the published test.", now=now)  # fmt: skip


def demo_demands(*, handler: User, admin: User, now: datetime) -> int:
    """Grant the permission to the demo handler and admin and register the demo demands;
    returns how many were made."""
    _permit(handler)
    _permit(admin)
    handler = User.objects.get(pk=handler.pk)
    admin = User.objects.get(pk=admin.pk)
    if Demand.objects.exists():
        return 0
    waiting = demand_create(actor=handler, values=_values(now), now=now)
    demand_move(demand=waiting, actor=handler, to="authenticated", now=now)
    demand_move(demand=waiting, actor=handler, to="legal_review", now=now)
    document_add(demand=waiting, actor=handler, name="subpoena.txt",
                 data=b"Invented subpoena text.", now=now)  # fmt: skip

    removal = demand_create(actor=handler, now=now, values=_values(
        now, requester_kind="court", requester_name="Invented regional court", country="DE",
        instrument="court_order", channel="post", asks=["content_removal"],
        summary="Remove a paragraph naming a private person's address.",
        text="Remove the paragraph with the address of a private person.",
        reference="DEMO/2026/2", accounts=[], pages=["Demo article"],
    ))  # fmt: skip
    demand_move(demand=removal, actor=handler, to="authenticated", now=now)
    demand_move(demand=removal, actor=handler, to="legal_review", now=now)
    _review(removal, handler, now, {"necessary": "partly", "narrow": "partly"})
    demand_move(demand=removal, actor=handler, to="notification", now=now)
    for who in (handler, admin):
        decision_approve(demand=removal, actor=who, decision="partly", now=now)
    demand_decide(demand=removal, actor=handler, decision="partly",
                  note="Only the address is hidden, in Germany.", now=now)  # fmt: skip

    emergency = demand_create(actor=handler, now=now, values=_values(
        now, instrument="emergency", requester_kind="police", country="BR",
        summary="Threat to life: the location of a person who posted a suicide note.",
        reference="DEMO/2026/3", deadline=now.date(),
    ))  # fmt: skip
    decision_approve(demand=emergency, actor=handler, decision="comply", now=now)
    demand_decide(demand=emergency, actor=handler, decision="comply", now=now)

    informal = demand_create(actor=handler, now=now, values=_values(
        now, instrument="informal_government", requester_kind="agency", country="RU",
        laws="", reference="", summary="A letter asking who edits an article.",
        deadline=None,
    ))  # fmt: skip
    demand_move(demand=informal, actor=handler, to="authenticated", now=now)
    demand_move(demand=informal, actor=handler, to="legal_review", now=now)
    _review(informal, handler, now, {"law": "not_met", "necessary": "not_met"})
    demand_move(demand=informal, actor=handler, to="notification", now=now)
    demand_decide(demand=informal, actor=handler, decision="refuse",
                  note="No legal basis was given.", now=now)  # fmt: skip
    return 4
