"""Deciding a finding: the rules (a hypothesis property test of the state machine), the stale
check when two people decide at once, opening or joining a case (only one the actor may read),
the sealed note, the audit."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.access import unlock_case
from rightsdesk.cases.selectors import may_read
from rightsdesk.crypto import unlock_with_password
from rightsdesk.wikisafety.models import Finding, FindingDecision
from rightsdesk.wikisafety.queue import rules
from rightsdesk.wikisafety.queue.notes import open_note
from rightsdesk.wikisafety.queue.services import QueueRefused, QueueStale, finding_decide
from tests.factories import case_filed, staff_account
from tests.wikisafety.findings import evaluator, finding_on, grant, offline_wiki

pytestmark = pytest.mark.django_db

STATES = [s.value for s in Finding.State]


@given(st.lists(st.sampled_from([*STATES, "bogus", ""]), max_size=12))
def test_the_state_machine_never_returns_to_new_nor_stays(moves: list[str]) -> None:
    state = Finding.State.NEW.value
    for move in moves:
        if move not in rules.DECISIONS or move == state:
            with pytest.raises(rules.RuleBroken):
                rules.next_state(state, move)
            continue
        after = rules.next_state(state, move)
        assert after == move
        assert after != state
        assert after != Finding.State.NEW
        assert after in rules.DECISIONS
        state = after
    # Removal only once confirmed as doxxing or harassment.
    assert rules.may_remove(state) == (state in {"doxxing", "harassment"})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([*rules.DECISIONS, "new", "x"]), st.booleans()),
                min_size=1, max_size=6))  # fmt: skip
def test_decisions_in_the_database_follow_the_rules(moves: list[tuple[str, bool]]) -> None:
    """Against the service: each accepted decision moves the version by one and adds one
    decision row and one audit line; a refused or stale one changes nothing."""
    actor = evaluator().user
    finding = finding_on(offline_wiki())
    for decision, old_copy in moves:
        finding.refresh_from_db()
        before = (finding.state, finding.version, finding.decisions.count())
        version = finding.version - 1 if old_copy and finding.version else finding.version
        stale = version != finding.version
        try:
            finding_decide(
                actor=actor, finding=finding, decision=decision, version=version,
                now=timezone.now(),
            )  # fmt: skip
        except QueueStale:
            assert stale
            finding.refresh_from_db()
            assert (finding.state, finding.version, finding.decisions.count()) == before
            continue
        except QueueRefused:
            assert decision not in rules.DECISIONS or decision == before[0]
            finding.refresh_from_db()
            assert (finding.state, finding.version, finding.decisions.count()) == before
            continue
        assert not stale
        assert decision in rules.DECISIONS
        finding.refresh_from_db()
        assert (finding.state, finding.version, finding.decisions.count()) == (
            decision, before[1] + 1, before[2] + 1,
        )  # fmt: skip
    accepted = finding.decisions.count()
    assert (
        AuditEntry.objects.filter(
            action__startswith="wikisafety.decide.", target_id=str(finding.uid)
        ).count()
        == accepted
    )


def test_the_second_of_two_people_deciding_at_once_is_refused() -> None:
    first, second = evaluator().user, evaluator().user
    finding = finding_on(offline_wiki())
    seen_by_both = finding.version
    finding_decide(actor=first, finding=finding, decision="doxxing", version=seen_by_both,
                   now=timezone.now())  # fmt: skip
    other_copy = Finding.objects.get(pk=finding.pk)
    with pytest.raises(QueueStale) as refused:
        finding_decide(actor=second, finding=other_copy, decision="false_positive",
                       version=seen_by_both, now=timezone.now())  # fmt: skip
    assert refused.value.status == 409
    assert "Someone else decided" in refused.value.message
    finding.refresh_from_db()
    assert finding.state == "doxxing"
    assert finding.decided_by == first


def test_only_an_evaluator_may_decide() -> None:
    finding = finding_on(offline_wiki())
    with pytest.raises(QueueRefused):
        finding_decide(actor=staff_account().user, finding=finding, decision="doxxing",
                       version=0, now=timezone.now())  # fmt: skip
    finding.refresh_from_db()
    assert finding.state == "new"
    assert not FindingDecision.objects.exists()


def test_joining_a_case_needs_a_case_the_actor_may_read() -> None:
    actor = evaluator().user
    finding = finding_on(offline_wiki())
    case = case_filed().case
    case.wraps.filter(user=actor).delete()
    assert not may_read(actor, case)
    for number in (case.number, "RD-0000NOPE"):
        with pytest.raises(QueueRefused) as refused:
            finding_decide(actor=actor, finding=finding, decision="doxxing", version=0,
                           join=number, now=timezone.now())  # fmt: skip
        # Missing and forbidden: the same words.
        assert refused.value.message == "There is no case with this number that you may read."
    finding.refresh_from_db()
    assert finding.case is None
    assert finding.state == "new"


def test_joining_a_readable_case_links_it_and_seals_the_note_to_it() -> None:
    account = evaluator()
    actor = account.user
    finding = finding_on(offline_wiki())
    case = case_filed().case
    assert may_read(actor, case)
    row = finding_decide(actor=actor, finding=finding, decision="doxxing", version=0,
                         join=case.number.lower(), note="Same attacker as last week",
                         now=timezone.now())  # fmt: skip
    finding.refresh_from_db()
    assert finding.case == case
    assert row.note_key == "case"
    assert b"Same attacker" not in bytes(row.note)
    assert open_note(row, None) is None  # sealed to the case: no case key, no note
    private = unlock_with_password(Keyring.objects.get(user=actor).bundle(), account.password)
    assert open_note(row, unlock_case(case, actor, private)) == "Same attacker as last week"
    assert AuditEntry.objects.filter(
        action="wikisafety.finding_case", target_id=f"{case.number}:finding:{finding.uid}"
    ).exists()


def test_a_note_without_a_case_is_sealed_under_the_server_key() -> None:
    actor = evaluator().user
    finding = finding_on(offline_wiki())
    row = finding_decide(actor=actor, finding=finding, decision="false_positive", version=0,
                         note="A castle's address, not a person's", now=timezone.now())  # fmt: skip
    assert row.note_key == "server"
    assert b"castle" not in bytes(row.note)
    assert open_note(row, None) == "A castle's address, not a person's"


def test_opening_a_case_from_a_finding_uses_casework_and_links_it() -> None:
    actor = evaluator().user
    finding = finding_on(offline_wiki(), priority="P1")
    row = finding_decide(actor=actor, finding=finding, decision="doxxing", version=0,
                         open_case=True, now=timezone.now())  # fmt: skip
    finding.refresh_from_db()
    assert finding.case is not None
    assert row.opened_case
    assert finding.case.threat_types == ["doxxing"]
    assert may_read(actor, finding.case)  # a handler: casework grants every active handler
    assert AuditEntry.objects.filter(
        action="wikisafety.case_open", target_id=finding.case.number
    ).exists()


def test_an_admin_who_opens_a_case_from_a_finding_can_read_it_and_is_named() -> None:
    """An admin is not granted new cases (casework grants handlers): opening one from the queue
    grants it to them too, the audit names them, not "reporter", and the channel is the wikis."""
    admin = grant(staff_account(role=User.Role.ADMIN).user, "evaluate_findings")
    handler = staff_account().user
    finding = finding_on(offline_wiki())
    finding_decide(actor=admin, finding=finding, decision="harassment", version=0,
                   open_case=True, now=timezone.now())  # fmt: skip
    finding.refresh_from_db()
    case = finding.case
    assert case is not None
    assert may_read(admin, case)
    assert may_read(handler, case)
    assert case.channel == "wiki"
    submit = AuditEntry.objects.get(action="case.submit", target_id=case.number)
    assert submit.actor == f"user:{admin.pk}"


def test_both_a_new_and_an_existing_case_is_refused() -> None:
    actor = evaluator().user
    finding = finding_on(offline_wiki())
    with pytest.raises(QueueRefused):
        finding_decide(actor=actor, finding=finding, decision="doxxing", version=0,
                       open_case=True, join="RD-X", now=timezone.now())  # fmt: skip
