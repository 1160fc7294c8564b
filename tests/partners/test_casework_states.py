"""The referral state machine (vocabulary.TRANSITIONS) as rules, checked with hypothesis: no move
out of a closed state; every path from drafted ends in a closed state; the services take every
move the table allows (where a service takes it) and refuse every move it forbids, changing
nothing; ending early leaves the partner nothing to open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.models import Consent, Referral, ReferralUpdate, ReferralWrap
from rightsdesk.partners.services.common import ReferralRefused, check_move
from rightsdesk.partners.services.directory import override_permission_set
from rightsdesk.partners.services.loop import (
    consent_withdraw,
    partner_move,
    referral_cancel,
    referral_expire,
)
from rightsdesk.partners.services.referrals import (
    consent_decline,
    consent_give,
    override_approve,
    override_request,
    referral_ask,
    referral_draft,
)
from rightsdesk.partners.vocabulary import CLOSED, PARTNER_MOVES, TRANSITIONS, State
from tests.factories import case_filed, partner_account, partner_listed, staff_account

STATES = sorted(TRANSITIONS)
FORBIDDEN = sorted((a, b) for a in STATES for b in STATES if b not in TRANSITIONS[a])
ENDS_ACCESS = {State.DECLINED, State.CANCELLED, State.WITHDRAWN, State.EXPIRED}


@given(state=st.sampled_from(sorted(CLOSED)), target=st.sampled_from(STATES))
def test_no_move_out_of_a_closed_state(state: str, target: str) -> None:
    assert TRANSITIONS[state] == frozenset()
    with pytest.raises(ReferralRefused):
        check_move(Referral(state=state, version=0), target, None)


@given(choices=st.lists(st.integers(min_value=0, max_value=100), min_size=len(STATES)))
def test_every_path_from_drafted_ends_closed(choices: list[int]) -> None:
    """Walking the table from drafted, whatever is chosen at each step, reaches a closed state
    in fewer moves than there are states (no cycle), and only closed states have no way on."""
    state: str = State.DRAFTED
    for choice in choices:
        nexts = sorted(TRANSITIONS[state])
        if not nexts:
            break
        state = nexts[choice % len(nexts)]
    assert state in CLOSED
    assert {s for s in STATES if not TRANSITIONS[s]} == CLOSED


@dataclass
class World:
    handler: User
    second: User
    member: User
    case_key: PrivateKey
    draft: Callable[[], Referral]


@pytest.fixture
def world(db: None) -> World:
    admin = staff_account(role=User.Role.ADMIN).user
    handler, second = staff_account().user, staff_account().user
    for person in (handler, second):
        override_permission_set(actor=admin, user=person, allowed=True)
    submitted = case_filed(narrative="They know where I live.")
    case_key = inbox_login(submitted.receipt).key
    partner = partner_listed(name="Everything Org", capacity=500)
    member = partner_account(partner).user
    # Fresh from the database: `has_perm` caches what it saw before the grant.
    handler, second = User.objects.get(pk=handler.pk), User.objects.get(pk=second.pk)

    def draft() -> Referral:
        return referral_draft(
            case=submitted.case,
            actor=handler,
            partner=partner,
            service="legal",
            pieces=["narrative", "country"],
            purpose="Legal advice",
            summary="",
            until=_now().date() + timedelta(days=30),
            now=_now(),
            ask=False,
        )

    return World(handler, second, member, case_key, draft)


def _now() -> datetime:
    return timezone.now()


def _moves(world: World, referral: Referral, target: str) -> list[Callable[[], object]]:
    """Every service call that moves `referral` to `target` (none for drafted: only drafting
    creates one). Each passes the version the caller saw, where the service takes one."""
    version = Referral.objects.get(pk=referral.pk).version
    now, later = _now(), _now() + timedelta(days=60)
    by = world.handler
    calls: dict[str, list[Callable[[], object]]] = {
        State.AWAITING_CONSENT: [
            lambda: referral_ask(referral=referral, actor=world.handler, now=now, version=version)
        ],
        State.AWAITING_APPROVAL: [
            lambda: override_request(
                referral=referral, actor=world.handler, reason="x", now=now, version=version
            )
        ],
        State.SENT: [
            lambda: consent_give(
                referral=referral,
                case_key=world.case_key,
                pieces=["narrative"],
                version=version,
                language="en",
                now=now,
                channel="phone",
                recorded_by=by,
            ),
            lambda: override_approve(
                referral=referral,
                actor=world.second,
                case_key=world.case_key,
                now=now,
                version=version,
            ),
        ],
        State.CANCELLED: [
            lambda: referral_cancel(
                referral=referral, actor=world.handler, now=now, version=version
            )
        ],
        State.WITHDRAWN: [
            lambda: consent_withdraw(
                referral=referral,
                version=version,
                language="en",
                now=now,
                channel="phone",
                recorded_by=by,
            ),
            lambda: consent_decline(
                referral=referral,
                version=version,
                language="en",
                now=now,
                channel="phone",
                recorded_by=by,
            ),
        ],
        State.EXPIRED: [lambda: _expire(referral, later)],
    }
    for state in PARTNER_MOVES:
        calls[state] = [partial(_partner_move, world, referral, state, now, version)]
    return calls.get(target, [])


def _partner_move(
    world: World, referral: Referral, state: str, now: datetime, version: int
) -> None:
    partner_move(
        referral=referral,
        actor=world.member,
        to_state=state,
        note="",
        now=now,
        version=version,
        reason="no_capacity",
        outcome="resolved",
    )


def _expire(referral: Referral, now: datetime) -> None:
    """The clock's step, refused like the others when the table does not let it expire."""
    if not referral_expire(referral=referral, now=now):
        raise ReferralRefused("the clock did not expire it")


def _snapshot(referral: Referral) -> tuple[Any, ...]:
    row = Referral.objects.get(pk=referral.pk)
    return (
        row.state,
        row.version,
        bytes(row.packet),
        list(row.consented),
        ReferralUpdate.objects.filter(referral=row).count(),
        Consent.objects.filter(referral=row).count(),
        ReferralWrap.objects.filter(referral=row).count(),
    )


@pytest.fixture
def sent(world: World) -> Referral:
    referral = world.draft()
    version = Referral.objects.get(pk=referral.pk).version
    referral_ask(referral=referral, actor=world.handler, now=_now(), version=version)
    consent_give(
        referral=referral,
        case_key=world.case_key,
        pieces=["narrative"],
        language="en",
        now=_now(),
        version=version + 1,
    )
    return Referral.objects.get(pk=referral.pk)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.sampled_from(FORBIDDEN))
def test_services_refuse_every_move_the_table_forbids_and_change_nothing(
    world: World, sent: Referral, pair: tuple[str, str]
) -> None:
    start, target = pair
    Referral.objects.filter(pk=sent.pk).update(state=start)
    before = _snapshot(sent)
    for move in _moves(world, sent, target):
        with pytest.raises(ReferralRefused) as refused:
            move()
        # Refused by the state machine, not for want of a permission or the wrong partner.
        assert "permission" not in refused.value.message
        assert "Only the organisation" not in refused.value.message
        assert _snapshot(sent) == before


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=100), min_size=len(STATES)))
def test_the_services_walk_the_table_from_drafted_to_a_closed_state(
    world: World, choices: list[int]
) -> None:
    """At each step one of the moves the table allows is chosen and tried through the services
    that reach it; one of them must take it (the table's drafted -> sent has no service: sending
    needs consent or an approved override) and land exactly there; a refused try changes
    nothing. Whatever is chosen, the walk ends in a closed state."""
    referral = world.draft()
    state: str = State.DRAFTED
    for choice in choices:
        if state in CLOSED:
            break
        allowed = sorted(TRANSITIONS[state])
        ordered = allowed[choice % len(allowed) :] + allowed[: choice % len(allowed)]
        before = _snapshot(referral)
        taken = ""
        for target in ordered:
            for move in _moves(world, referral, target):
                try:
                    move()
                except ReferralRefused:
                    assert _snapshot(referral) == before
                    continue
                taken = target
                break
            if taken:
                break
        assert taken, f"no service moves a referral out of {state}"
        row = Referral.objects.get(pk=referral.pk)
        assert row.state == taken
        assert row.version > before[1]
        state = taken
    row = Referral.objects.get(pk=referral.pk)
    assert row.state in CLOSED
    if row.state in ENDS_ACCESS:
        assert bytes(row.packet) == b""
        assert not ReferralWrap.objects.filter(referral=row, kind="member").exists()
