"""A report form sent twice at once files one case: the single-use ticket is spent in the same
transaction as the case, and the second send gets the translated "already sent" answer."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from rightsdesk.cases.models import Case
from rightsdesk.intake import tickets
from rightsdesk.intake.models import SpentTicket
from tests.concurrency import at_once
from tests.factories import needs_postgresql
from tests.reporting import REPORT, send_step, ticket_from


def both_pass_the_early_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the two sends meet after the early check, before either has written anything: the
    moment a double click creates on a busy server."""
    barrier = threading.Barrier(2, timeout=15)
    real_check = tickets.check_ticket

    def check(ticket: str) -> tickets.TicketState:
        state = real_check(ticket)
        barrier.wait()
        return state

    monkeypatch.setattr(tickets, "check_ticket", check)


def send_twice(ticket: str) -> list[tuple[int, str]]:
    def send() -> tuple[int, str]:
        response = Client(HTTP_ACCEPT_LANGUAGE="es").post(REPORT, send_step(ticket))
        return response.status_code, response.content.decode()

    return at_once(send)


def test_two_sends_of_one_form_at_once_file_one_case(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = ticket_from(Client().get(REPORT).content.decode())
    both_pass_the_early_check(monkeypatch)
    answers = send_twice(ticket)
    assert sorted(status for status, _ in answers) == [201, 409]
    refused = next(page for status, page in answers if status == 409)
    assert "Este reporte ya se envió" in refused  # translated, and it says what happened
    assert Case.objects.count() == 1
    assert SpentTicket.objects.count() == 1


@needs_postgresql
def test_on_postgresql_the_second_send_waits_for_the_first_and_is_refused(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert connection.vendor == "postgresql"
    ticket = ticket_from(Client().get(REPORT).content.decode())
    both_pass_the_early_check(monkeypatch)
    # The first send to spend the ticket keeps its transaction open a moment, so that the second
    # reaches the database while the first has neither committed nor rolled back.
    first_spent, go_on = threading.Event(), threading.Event()
    real_spend = tickets.spend_ticket

    def spend(ticket: str) -> None:
        real_spend(ticket)
        if not first_spent.is_set():
            first_spent.set()
            go_on.wait(timeout=15)

    monkeypatch.setattr(tickets, "spend_ticket", spend)

    def release_after_a_moment() -> None:
        if first_spent.wait(timeout=15):
            time.sleep(1)  # the second send reaches the database and waits on the digest
        go_on.set()

    releaser = threading.Thread(target=release_after_a_moment)
    releaser.start()
    answers = send_twice(ticket)
    releaser.join(timeout=30)
    assert sorted(status for status, _ in answers) == [201, 409]
    assert Case.objects.count() == 1
