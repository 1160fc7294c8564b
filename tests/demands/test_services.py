"""The procedure through the services: refusals change nothing, the published path works, the
emergency fast path owes its review (a clock item), the clock tells the readers."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.http import Http404
from django.utils import timezone
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.crypto import unlock_with_password
from rightsdesk.demands.access import access_demand, unlock_demand
from rightsdesk.demands.clock import demands_check
from rightsdesk.demands.models import Demand
from rightsdesk.demands.services.common import DemandRefused
from rightsdesk.demands.services.demands import demand_open
from rightsdesk.demands.services.procedure import (
    decision_approve,
    demand_decide,
    demand_move,
    emergency_review_done,
    notification_decide,
    review_record,
    user_notified,
)
from rightsdesk.demands.vocabulary import ReviewItem
from tests.factories import (
    DEFAULT_PASSWORD,
    StaffAccount,
    demand_made,
    demand_permission,
    staff_account,
)


@pytest.fixture
def team(handler: StaffAccount, other_handler: StaffAccount) -> tuple[User, User]:
    demand_permission(handler)
    demand_permission(other_handler)
    return (User.objects.get(pk=handler.user.pk), User.objects.get(pk=other_handler.user.pk))


def to_review(demand: Demand, actor: User, verdict: str = "met") -> None:
    now = timezone.now()
    demand_move(demand=demand, actor=actor, to="authenticated", now=now)
    demand_move(demand=demand, actor=actor, to="legal_review", now=now)
    for item in ReviewItem.values:
        review_record(demand=demand, actor=actor, item=item, verdict=verdict, note="ok", now=now)


@pytest.mark.django_db
def test_gate_needs_the_permission_and_a_wrap(team: tuple[User, User]) -> None:
    hana, omar = team
    demand = demand_made(hana)
    assert access_demand(hana, demand.uid) == demand
    assert access_demand(omar, demand.uid) == demand  # every handler gets a wrap
    stranger = staff_account(username="zed").user
    with pytest.raises(Http404):
        access_demand(stranger, demand.uid)  # no permission, no wrap
    demand_permission(staff_account(username="late"))
    late = User.objects.get(username="late")
    with pytest.raises(Http404):
        access_demand(late, demand.uid)  # permission given after: no wrap
    omar.user_permissions.clear()
    omar = User.objects.get(pk=omar.pk)
    with pytest.raises(Http404):
        access_demand(omar, demand.uid)  # a wrap left behind opens nothing


@pytest.mark.django_db
def test_only_a_handler_registers_a_demand(other_handler: StaffAccount) -> None:
    with pytest.raises(DemandRefused):
        demand_made(other_handler.user)
    assert Demand.objects.count() == 0


@pytest.mark.django_db
def test_skipping_a_state_is_refused(team: tuple[User, User]) -> None:
    hana, _omar = team
    demand = demand_made(hana)
    with pytest.raises(DemandRefused, match="one published step"):
        demand_move(demand=demand, actor=hana, to="legal_review", now=timezone.now())
    with pytest.raises(DemandRefused):
        demand_decide(demand=demand, actor=hana, decision="comply", now=timezone.now())
    assert Demand.objects.get().state == "received"


@pytest.mark.django_db
def test_leaving_review_needs_every_item(team: tuple[User, User]) -> None:
    hana, _omar = team
    demand = demand_made(hana)
    demand_move(demand=demand, actor=hana, to="authenticated", now=timezone.now())
    demand_move(demand=demand, actor=hana, to="legal_review", now=timezone.now())
    review_record(demand=demand, actor=hana, item="law", verdict="met", note="ok",
                  now=timezone.now())  # fmt: skip
    with pytest.raises(DemandRefused, match="every item"):
        demand_move(demand=demand, actor=hana, to="notification", now=timezone.now())
    with pytest.raises(DemandRefused, match="note"):
        review_record(demand=demand, actor=hana, item="aim", verdict="met", note=" ",
                      now=timezone.now())  # fmt: skip
    assert Demand.objects.get().state == "legal_review"


@pytest.mark.django_db
def test_no_legal_basis_no_compliance(team: tuple[User, User]) -> None:
    hana, omar = team
    demand = demand_made(hana, laws="")
    to_review(demand, hana)
    demand_move(demand=demand, actor=hana, to="notification", now=timezone.now())
    for who in (hana, omar):
        decision_approve(demand=demand, actor=who, decision="comply", now=timezone.now())
    for decision in ("comply", "partly"):
        with pytest.raises(DemandRefused, match="legal basis"):
            demand_decide(demand=demand, actor=hana, decision=decision, now=timezone.now())
    demand_decide(demand=demand, actor=hana, decision="refuse", now=timezone.now())
    assert Demand.objects.get().decision == "refuse"


@pytest.mark.django_db
def test_compliance_needs_two_different_reviewers(team: tuple[User, User]) -> None:
    hana, omar = team
    demand = demand_made(hana)
    to_review(demand, hana)
    demand_move(demand=demand, actor=hana, to="notification", now=timezone.now())
    decision_approve(demand=demand, actor=hana, decision="comply", now=timezone.now())
    decision_approve(demand=demand, actor=hana, decision="comply", now=timezone.now())
    with pytest.raises(DemandRefused, match="two different reviewers"):
        demand_decide(demand=demand, actor=hana, decision="comply", now=timezone.now())
    decision_approve(demand=demand, actor=omar, decision="comply", now=timezone.now())
    demand_decide(demand=demand, actor=hana, decision="comply", now=timezone.now())
    current = Demand.objects.get()
    assert (current.state, current.decision, current.fast_path) == ("decided", "comply", False)
    # No disclosure before the user is notified.
    with pytest.raises(DemandRefused, match="Notify the user"):
        demand_move(demand=current, actor=hana, to="action_taken", now=timezone.now())
    key = _open_key(hana, current)
    notification_decide(demand=current, key=key, actor=hana, choice="notify",
                        message="We received a demand.", today=timezone.localdate(),
                        now=timezone.now())  # fmt: skip
    user_notified(demand=current, actor=hana, notified=1, now=timezone.now())
    demand_move(demand=current, actor=hana, to="action_taken", affected=1, now=timezone.now())
    demand_move(demand=current, actor=hana, to="closed", now=timezone.now())
    done = Demand.objects.get()
    assert (done.state, done.accounts_affected, done.accounts_notified) == ("closed", 1, 1)
    assert demand_open(demand=done, key=key, actor=hana).text["message"] == "We received a demand."


def _open_key(user: User, demand: Demand) -> PrivateKey:
    """The demand's key for `user` in a test (every test account has DEFAULT_PASSWORD)."""
    private = unlock_with_password(user.keyring.bundle(), DEFAULT_PASSWORD)
    return unlock_demand(demand, user, private)


@pytest.mark.django_db
def test_a_delay_needs_a_reason_and_a_review_date(team: tuple[User, User]) -> None:
    hana, _omar = team
    demand = demand_made(hana)
    key = _open_key(hana, demand)
    today = timezone.localdate()
    for reason, review_on in (("", today + timedelta(days=30)), ("gag_order", None),
                              ("gag_order", today)):  # fmt: skip
        with pytest.raises(DemandRefused):
            notification_decide(demand=demand, key=key, actor=hana, choice="delay",
                                reason=reason, review_on=review_on, today=today,
                                now=timezone.now())  # fmt: skip
    assert Demand.objects.get().notify == ""
    notification_decide(demand=demand, key=key, actor=hana, choice="delay", reason="gag_order",
                        review_on=today + timedelta(days=30), today=today,
                        now=timezone.now())  # fmt: skip
    assert Demand.objects.get().notify == "delay"


@pytest.mark.django_db
def test_emergency_fast_path_owes_a_review_the_clock_reminds_of(team: tuple[User, User]) -> None:
    hana, omar = team
    demand = demand_made(hana, instrument="emergency", requester_kind="police")
    now = timezone.now()
    with pytest.raises(DemandRefused, match="one reviewer"):
        demand_decide(demand=demand, actor=hana, decision="comply", now=now)
    decision_approve(demand=demand, actor=hana, decision="comply", now=now)
    demand_decide(demand=demand, actor=hana, decision="comply", now=now)
    current = Demand.objects.get()
    assert (current.state, current.fast_path) == ("decided", True)
    key = _open_key(hana, current)
    notification_decide(demand=current, key=key, actor=hana, choice="delay", reason="emergency",
                        review_on=timezone.localdate() + timedelta(days=7),
                        today=timezone.localdate(), now=now)  # fmt: skip
    demand_move(demand=current, actor=hana, to="action_taken", now=now)
    with pytest.raises(DemandRefused, match="reviewed afterwards"):
        demand_move(demand=current, actor=hana, to="closed", now=now)
    with mock.patch("rightsdesk.demands.clock.tell") as told:
        from django.test import TestCase  # noqa: PLC0415

        with TestCase.captureOnCommitCallbacks(execute=True):
            lines = demands_check(now)
        assert any("emergency" in line for line in lines)
        assert demands_check(now) == [] or all("emergency" not in x for x in demands_check(now))
    assert told.call_count >= 1
    assert set(told.call_args_list[0].args[0]) == {hana.pk, omar.pk}
    for item in ReviewItem.values:
        review_record(demand=current, actor=omar, item=item, verdict="met", note="fine", now=now)
    with pytest.raises(DemandRefused, match="Someone else"):
        emergency_review_done(demand=current, actor=hana, now=now)
    emergency_review_done(demand=current, actor=omar, now=now)
    demand_move(demand=current, actor=hana, to="closed", now=now)
    assert Demand.objects.get().state == "closed"
    assert all("emergency" not in line for line in demands_check(now + timedelta(days=1)))


@pytest.mark.django_db
def test_the_clock_tells_of_a_deadline_once_a_day(team: tuple[User, User]) -> None:
    hana, _omar = team
    demand_made(hana, deadline=timezone.localdate() + timedelta(days=1))
    demand_made(hana, deadline=timezone.localdate() + timedelta(days=20))
    now = timezone.now()
    with mock.patch("rightsdesk.demands.clock.tell"):
        assert len([x for x in demands_check(now) if "deadline" in x]) == 1
        assert [x for x in demands_check(now) if "deadline" in x] == []
        assert len([x for x in demands_check(now + timedelta(days=1)) if "deadline" in x]) == 1
        later = now + timedelta(days=19)
        assert len([x for x in demands_check(later) if "deadline" in x]) == 2


@pytest.mark.django_db
def test_the_clock_tells_when_a_delayed_notification_is_due_for_review(
    team: tuple[User, User],
) -> None:
    hana, _omar = team
    demand = demand_made(hana, deadline=None, gag_order=True)
    today = timezone.localdate()
    notification_decide(demand=demand, key=_open_key(hana, demand), actor=hana, choice="delay",
                        reason="gag_order", review_on=today + timedelta(days=5), today=today,
                        now=timezone.now())  # fmt: skip
    now = timezone.now()
    with mock.patch("rightsdesk.demands.clock.tell"):
        assert demands_check(now) == []
        assert len(demands_check(now + timedelta(days=5))) == 1
        user_notified(demand=demand, actor=hana, notified=1, now=now)
        assert demands_check(now + timedelta(days=6)) == []
