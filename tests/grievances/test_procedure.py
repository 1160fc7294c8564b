"""The procedure over HTTP: every move audited and shown to the person; bad moves refused with
a clear message and nothing changed; remedies need evidence; the appeal window and the
reviewer's independence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.grievances.models import Appeal, Grievance, Move, Remedy
from tests.factories import StaffAccount, grievance_filed, signed_in

FOLLOW = reverse("grievances:follow")


def person(receipt: str) -> Client:
    client = Client()
    assert client.post(reverse("intake:inbox_login"), {"receipt": receipt}).status_code == 302
    return client


def move(
    client: Client, grievance: Grievance, target: str, outcome: str = "", reason: str = ""
) -> Any:
    grievance.refresh_from_db()
    return client.post(
        reverse("grievances:staff_move", args=[grievance.number]),
        {"from_stage": grievance.stage, "target": target, "outcome": outcome, "reason": reason},
    )


def state(grievance: Grievance) -> tuple[object, ...]:
    grievance.refresh_from_db()
    return (
        grievance.stage,
        grievance.version,
        Move.objects.filter(grievance=grievance).count(),
        AuditEntry.objects.filter(action__startswith="grievance.move").count(),
    )


def walk_to_decision(client: Client, grievance: Grievance, decision: str = "upheld") -> None:
    for target, outcome, reason in (
        ("acknowledged", "", ""),
        ("eligibility", "", ""),
        ("assessment", "accepted", ""),
        ("resolution", "dialogue", ""),
        ("decision", decision, "We found the deletion broke the policy."),
    ):
        assert move(client, grievance, target, outcome, reason).status_code == 302, target


def test_the_whole_procedure_with_a_remedy(gina: StaffAccount) -> None:
    filed = grievance_filed()
    grievance = filed.grievance
    staff = signed_in(gina)
    walk_to_decision(staff, grievance)
    follower = person(filed.receipt)
    page = follower.get(FOLLOW).content.decode()
    assert "We found the deletion broke the policy." in page  # told of the decision
    assert "You can appeal this decision until" in page
    url = reverse("grievances:staff_remedy", args=[grievance.number])
    added = staff.post(
        url,
        {
            "kind": "restoration",
            "who": "Content team",
            "what": "Undelete it",
            "due_on": "2027-01-15",
        },
    )
    assert added.status_code == 302
    assert move(staff, grievance, "remedy").status_code == 302
    remedy = Remedy.objects.get()
    done = reverse("grievances:staff_remedy_done", args=[grievance.number])
    refused = staff.post(done, {"remedy": str(remedy.uid), "evidence": "  "})
    assert refused.status_code == 400
    assert "cannot be closed without evidence" in refused.content.decode()
    remedy.refresh_from_db()
    assert remedy.done_at is None
    before = state(grievance)
    blocked = move(staff, grievance, "monitoring")
    assert blocked.status_code == 400
    assert state(grievance) == before
    assert (
        staff.post(done, {"remedy": str(remedy.uid), "evidence": "Restored, rev 1234"}).status_code
        == 302
    )
    assert move(staff, grievance, "monitoring").status_code == 302
    assert move(staff, grievance, "closed", reason="Restored and it lasted.").status_code == 302
    view = follower.post(
        reverse("grievances:follow_remedy"),
        {"remedy": str(remedy.uid), "view": "partly", "comment": "Late."},
    )
    assert view.status_code == 302
    assert follower.post(reverse("grievances:follow_rating"), {"rating": "4"}).status_code == 302
    grievance.refresh_from_db()
    remedy.refresh_from_db()
    assert (grievance.stage, grievance.satisfaction, remedy.person_view) == ("closed", 4, "partly")
    assert AuditEntry.objects.filter(action__startswith="grievance.move").count() == 8


@pytest.mark.parametrize(
    ("target", "outcome", "reason", "says"),
    [
        ("eligibility", "", "", "cannot skip a stage"),
        ("closed", "", "", "cannot skip a stage"),
        ("decision", "upheld", "x", "cannot skip a stage"),
    ],
)
def test_a_skipping_move_is_refused_and_nothing_changes(
    gina: StaffAccount, target: str, outcome: str, reason: str, says: str
) -> None:
    grievance = grievance_filed().grievance
    staff = signed_in(gina)
    before = state(grievance)
    response = move(staff, grievance, target, outcome, reason)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert state(grievance) == before


def test_going_back_needs_a_reason(gina: StaffAccount) -> None:
    grievance = grievance_filed().grievance
    staff = signed_in(gina)
    assert move(staff, grievance, "acknowledged").status_code == 302
    assert move(staff, grievance, "eligibility").status_code == 302
    before = state(grievance)
    response = move(staff, grievance, "acknowledged")
    assert response.status_code == 400
    assert "Moving a grievance back needs a reason" in response.content.decode()
    assert state(grievance) == before
    assert move(staff, grievance, "acknowledged", reason="We missed a message.").status_code == 302
    assert state(grievance)[0] == "acknowledged"


def test_a_stale_move_is_refused(gina: StaffAccount, nadia: StaffAccount) -> None:
    grievance = grievance_filed().grievance
    first, second = signed_in(gina), signed_in(nadia)
    data = {"from_stage": "received", "target": "acknowledged", "outcome": "", "reason": ""}
    url = reverse("grievances:staff_move", args=[grievance.number])
    assert first.post(url, data).status_code == 302
    assert second.post(url, data).status_code == 409
    assert Move.objects.count() == 1


def test_an_appeal_after_the_window_is_refused(gina: StaffAccount) -> None:
    filed = grievance_filed()
    walk_to_decision(signed_in(gina), filed.grievance, "not_upheld")
    Grievance.objects.filter(pk=filed.grievance.pk).update(
        decided_at=timezone.now() - timedelta(days=31)
    )
    follower = person(filed.receipt)
    response = follower.post(reverse("grievances:follow_appeal"), {"grounds": "Unfair."})
    assert response.status_code == 400
    assert "The time to appeal ended on" in response.content.decode()
    assert not Appeal.objects.exists()


def test_an_appeal_before_any_decision_is_refused(gina: StaffAccount) -> None:
    filed = grievance_filed()
    response = person(filed.receipt).post(reverse("grievances:follow_appeal"), {"grounds": "x"})
    assert response.status_code == 400
    assert "There is no decision to appeal yet." in response.content.decode()


def test_the_appeal_goes_to_an_independent_reviewer(
    gina: StaffAccount, rafael: StaffAccount
) -> None:
    filed = grievance_filed()
    grievance = filed.grievance
    staff = signed_in(gina)
    walk_to_decision(staff, grievance, "not_upheld")
    reviewer = signed_in(rafael)
    detail = reverse("grievances:staff_detail", args=[grievance.number])
    assert reviewer.get(detail).status_code == 404  # not theirs before an appeal
    follower = person(filed.receipt)
    appealed = follower.post(reverse("grievances:follow_appeal"), {"grounds": "Nobody heard me."})
    assert appealed.status_code == 302
    assert "The review is under way." in follower.get(FOLLOW).content.decode()
    assert reviewer.get(detail).status_code == 200
    decide = reverse("grievances:staff_appeal", args=[grievance.number])
    handled = staff.post(decide, {"outcome": "improper", "reasons": "I say it was fine."})
    assert handled.status_code == 400
    assert "independent reviewer who did not handle" in handled.content.decode()
    no_reasons = reviewer.post(decide, {"outcome": "improper", "reasons": ""})
    assert no_reasons.status_code == 400
    assert Appeal.objects.get().decided_at is None
    done = reviewer.post(
        decide, {"outcome": "improper", "reasons": "The person was never heard: reopened."}
    )
    assert done.status_code == 302
    grievance.refresh_from_db()
    assert grievance.stage == "assessment"
    assert grievance.decision == ""
    reopening = Move.objects.order_by("seq").last()
    assert reopening is not None
    assert (reopening.from_stage, reopening.to_stage) == ("decision", "assessment")
    assert reopening.actor == rafael.user  # the person's history shows the reviewer's step
    page = follower.get(FOLLOW).content.decode()
    assert "Not handled properly: the grievance is reopened" in page
    assert "The person was never heard: reopened." in page
    again = follower.post(reverse("grievances:follow_appeal"), {"grounds": "Again."})
    assert again.status_code == 400
