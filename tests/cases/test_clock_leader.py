"""One clock among many: every host runs `cases watch` and the retention job against one
PostgreSQL, and a P1 is still paged once, escalated once, and a case deleted once.

Two layers, each tested alone and then together: the leader lock (one host runs a clock's round,
the others skip it) and the row lock (each case is locked and re-read before it is paged or
deleted). Threads stand in for hosts: each has its own database connection.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.audit.selectors import verify_chain
from rightsdesk.cases import retention
from rightsdesk.cases.models import Case, DeadlineEvent
from rightsdesk.cases.oncall import deadlines
from rightsdesk.cases.oncall.tasks import clocks_round
from rightsdesk.cases.retention import RetentionBusy, retention_apply
from rightsdesk.core import leader
from tests.factories import needs_postgresql
from tests.reporting import file_report
from tests.tasking import DUMMY, rota_with_mail, task_backend

DEADLINE_CLOCK = "rightsdesk.cases.oncall.deadlines.deadlines_check"


def unpaged_p1() -> Case:
    """A P1 just arrived whose page has not gone out yet (its task is queued, not run)."""
    with task_backend(DUMMY):
        response = Client().post(
            "/api/v1/reports",
            '{"narrative": "x", "emergency": true, "threat_types": ["arrest"]}',
            content_type="application/json",
        )
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.priority == "P1"
    assert case.escalation_level == 0
    return case


def on_two_hosts(work: Callable[[], Any]) -> list[Any]:
    """Run `work` in two threads (two connections) started together; their results or errors."""
    start = threading.Barrier(2, timeout=30)
    results: list[Any] = []

    def host() -> None:
        try:
            start.wait()
            results.append(work())
        except Exception as error:  # the test looks at it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=host) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 2
    return results


@contextmanager
def without_leader_lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every host believes it leads: only the row locks stand between them."""

    @contextmanager
    def everyone(name: str, *, wait: float = 0.0) -> Iterator[bool]:
        yield True

    monkeypatch.setattr("rightsdesk.cases.oncall.tasks.leader", everyone)
    monkeypatch.setattr("rightsdesk.cases.retention.leader", everyone)
    yield


def both_read_before_either_writes(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    """Both hosts have read the due rows before either locks one: the race, made certain."""
    read = threading.Barrier(2, timeout=30)
    real = getattr(module, name)

    def reader(*args: Any, **kwargs: Any) -> Any:
        rows = list(real(*args, **kwargs))
        read.wait()
        return rows

    monkeypatch.setattr(module, name, reader)


def kinds(case_pk: int) -> list[str]:
    return sorted(DeadlineEvent.objects.filter(case_id=case_pk).values_list("kind", flat=True))


EVERY_STEP = ["ack.missed", "page.lead", "page.on_call", "page.team_lead"]


@needs_postgresql
def test_two_clocks_page_a_p1_once_and_escalate_it_once(transactional_db: None) -> None:
    assert connection.vendor == "postgresql"  # CI's second pass must run it, not skip it
    rota_with_mail()
    case = unpaged_p1()
    assert case.ack_due is not None
    received = case.ack_due - timedelta(minutes=15)
    with override_settings(RIGHTSDESK_CLOCKS=[DEADLINE_CLOCK]):
        for minutes in (0, 0, 16, 16, 31, 31, 60):
            now = received + timedelta(minutes=minutes)
            on_two_hosts(partial(clocks_round, now))
    assert kinds(case.pk) == EVERY_STEP
    assert sorted(m.to[0] for m in mail.outbox) == [
        "boss@example.org",
        "lead@example.org",
        "oncall@example.org",
    ]
    assert Case.objects.get().escalation_level == 3


@needs_postgresql
def test_without_the_leader_lock_the_row_lock_still_pages_once(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert connection.vendor == "postgresql"
    rota_with_mail()
    case = unpaged_p1()
    assert case.ack_due is not None
    received = case.ack_due - timedelta(minutes=15)
    with without_leader_lock(monkeypatch), override_settings(RIGHTSDESK_CLOCKS=[DEADLINE_CLOCK]):
        both_read_before_either_writes(monkeypatch, deadlines, "due_candidates")
        for minutes in (0, 16, 31):
            now = received + timedelta(minutes=minutes)
            done = on_two_hosts(partial(clocks_round, now))
            assert not [result for result in done if isinstance(result, Exception)]
    assert kinds(case.pk) == EVERY_STEP
    assert len(mail.outbox) == 3


# A clock that holds its round open until the test lets it go, counting its rounds.
_inside, _release = threading.Event(), threading.Event()
_rounds: list[datetime] = []


def held_clock(now: datetime) -> list[str]:
    _rounds.append(now)
    _inside.set()
    assert _release.wait(timeout=30)
    return ["held"]


@needs_postgresql
@override_settings(RIGHTSDESK_CLOCKS=["tests.cases.test_clock_leader.held_clock"])
def test_while_one_host_runs_a_clock_the_others_skip_it(transactional_db: None) -> None:
    assert connection.vendor == "postgresql"
    _inside.clear()
    _release.clear()
    _rounds.clear()
    first: list[list[str]] = []

    def leading_host() -> None:
        try:
            first.append(clocks_round(timezone.now()))
        finally:
            connection.close()

    thread = threading.Thread(target=leading_host)
    thread.start()
    try:
        assert _inside.wait(timeout=30)
        assert clocks_round(timezone.now()) == []  # skipped: the other host holds the lock
        assert len(_rounds) == 1
    finally:
        _release.set()
        thread.join(timeout=30)
    assert first == [["held"]]
    assert clocks_round(timezone.now()) == ["held"]  # the lock went with the round
    assert len(_rounds) == 2


def test_the_lock_key_is_stable_and_distinct_per_job() -> None:
    assert leader.lock_key("retention") == leader.lock_key("retention")
    assert leader.lock_key("retention") != leader.lock_key(f"clock:{DEADLINE_CLOCK}")
    assert -(2**63) <= leader.lock_key("retention") < 2**63


def test_on_sqlite_every_process_leads(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite behaviour")
    with leader.leader("retention") as held:
        assert held


def retention_due(count: int) -> list[str]:
    for index in range(count):
        assert file_report(Client(), narrative=f"old report {index}").status_code == 201
    Case.objects.update(status="closed", updated_on=timezone.now().date() - timedelta(days=400))
    return sorted(Case.objects.values_list("number", flat=True))


def deleted_once(numbers: list[str]) -> None:
    audited = sorted(
        AuditEntry.objects.filter(action="case.delete.retention").values_list(
            "target_id", flat=True
        )
    )
    assert audited == numbers  # each deletion audited once
    assert not Case.objects.exists()


@needs_postgresql
def test_two_retention_jobs_delete_each_case_once(transactional_db: None) -> None:
    assert connection.vendor == "postgresql"
    numbers = retention_due(3)
    today = timezone.now().date()
    done = on_two_hosts(lambda: retention_apply(today=today))
    deleted = [number for result in done if isinstance(result, list) for number in result]
    assert sorted(deleted) == numbers
    assert all(isinstance(result, list | RetentionBusy) for result in done)
    deleted_once(numbers)


@needs_postgresql
def test_without_the_leader_lock_retention_still_deletes_once(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert connection.vendor == "postgresql"
    numbers = retention_due(3)
    today = timezone.now().date()
    with without_leader_lock(monkeypatch):
        both_read_before_either_writes(monkeypatch, retention, "due_for_deletion")
        done = on_two_hosts(lambda: retention_apply(today=today))
    assert not [result for result in done if isinstance(result, Exception)]
    assert sorted(number for result in done for number in result) == numbers
    deleted_once(numbers)


@needs_postgresql
def test_retention_skips_a_case_put_on_hold_after_it_was_read(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert connection.vendor == "postgresql"
    numbers = retention_due(2)
    real = retention.due_for_deletion

    def read_then_hold(today: Any) -> list[Case]:
        rows = real(today)
        Case.objects.filter(number=numbers[0]).update(legal_hold=True)  # another person, now
        return rows

    monkeypatch.setattr(retention, "due_for_deletion", read_then_hold)
    assert retention_apply(today=timezone.now().date()) == [numbers[1]]
    assert list(Case.objects.values_list("number", flat=True)) == [numbers[0]]


@needs_postgresql
def test_two_watch_processes_page_a_p1_once(transactional_db: None) -> None:
    """Two real `rightsdesk cases watch --once` processes, as two hosts would run them."""
    assert connection.vendor == "postgresql"
    rota_with_mail()
    case = unpaged_p1()
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "RIGHTSDESK_DATA_DIR": str(settings.DATA_DIR),  # the same keys: one audit chain
    }
    hosts = [
        subprocess.Popen(
            [sys.executable, "-m", "rightsdesk", "cases", "watch", "--once"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [host.communicate(timeout=120) for host in hosts]
    assert [host.returncode for host in hosts] == [0, 0], outputs
    assert sum(out.count("paged on-call") for out, _err in outputs) == 1
    assert kinds(case.pk) == ["page.on_call"]
    assert verify_chain().intact  # both processes appended to one audit chain, in order


@needs_postgresql
def test_a_waiting_runner_gets_the_lock_when_the_holder_lets_go(transactional_db: None) -> None:
    """The P1's `check_deadlines` task waits for a round in progress rather than skip it."""
    assert connection.vendor == "postgresql"
    holding, let_go = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with leader.leader("job") as held:
                assert held
                holding.set()
                let_go.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with leader.leader("job") as held:
            assert not held  # one try: busy
        threading.Timer(0.5, let_go.set).start()
        with leader.leader("job", wait=20) as held:
            assert held  # waited until the holder let go
    finally:
        let_go.set()
        thread.join(timeout=30)
