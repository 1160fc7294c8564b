"""Through a flood with effort: the report form past an exhausted budget, side by side.

The budget is spent first (one report in a burst of one); then a report without effort is refused
with its answers kept and the time to try again, and one whose browser solved the puzzle gets a
receipt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from rightsdesk.cases.models import Case
from rightsdesk.core import admission
from rightsdesk.intake import effort, gauge
from rightsdesk.intake.busy import try_again_message
from tests.reporting import REPORT, file_report, receipt_from, send_step, ticket_from


@pytest.fixture(autouse=True)
def fresh_budgets() -> Iterator[None]:
    admission.reset()
    gauge.reset()
    yield
    admission.reset()
    gauge.reset()


def field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} field"
    return match.group(1)


def puzzle_of(html: str) -> tuple[str, str, int]:
    target = re.search(r'id="effort-puzzle" hidden data-target="(\d+)"', html)
    assert target
    return ticket_from(html), field(html, "effort_seed"), int(target.group(1))


def send(client: Client, html: str, *, solve: bool, **answers: Any) -> Any:
    ticket, seed, target = puzzle_of(html)
    data = send_step(ticket, effort_seed=seed)
    if solve:
        data["effort_nonce"] = effort.solve(seed, target).hex()
        data["effort"] = str(target)
    data.update(answers)
    return client.post(REPORT, data)


@pytest.fixture
def exhausted(client: Client, db: None, settings: Settings) -> None:
    settings.RIGHTSDESK_REPORTS_PER_HOUR = 10  # a burst of one, then one every 6 minutes
    assert file_report(client, narrative="the flood's last lucky one").status_code == 201


def test_without_effort_refused_with_the_time_to_try_again_and_answers_kept(
    client: Client, exhausted: None
) -> None:
    html = client.get(REPORT).content.decode()
    response = send(client, html, solve=False, narrative="my precious answers")
    assert response.status_code == 503
    page = response.content.decode()
    assert 'value="my precious answers"' in page
    assert "Nothing was sent yet" in page
    when = re.search(r"Try again after (\d\d):(\d\d) UTC \(in about (\d+) minutes?\)", page)
    assert when, page
    assert 1 <= int(when.group(3)) <= 7  # the next report fits in the budget within 6 minutes
    assert 1 <= int(response["Retry-After"]) <= 360
    assert Case.objects.count() == 1


def test_with_effort_admitted_past_the_exhausted_budget(client: Client, exhausted: None) -> None:
    refused = send(client, client.get(REPORT).content.decode(), solve=False)
    assert refused.status_code == 503
    html = client.get(REPORT).content.decode()
    _, _, target = puzzle_of(html)
    assert target >= 16  # the refusal raised the suggestion
    response = send(client, html, solve=True, narrative="with effort")
    assert response.status_code == 201, response.content.decode()[:2000]
    assert receipt_from(response.content.decode())
    assert Case.objects.count() == 2


def test_the_busy_page_carries_a_fresh_puzzle_so_pressing_again_with_effort_gets_in(
    client: Client, exhausted: None
) -> None:
    refused = send(client, client.get(REPORT).content.decode(), solve=False)
    page = refused.content.decode()
    response = send(client, page, solve=True)  # what the page's worker does, then press again
    assert response.status_code == 201


def test_effort_below_the_threshold_is_refused(client: Client, exhausted: None) -> None:
    html = client.get(REPORT).content.decode()
    _ticket, seed, _ = puzzle_of(html)
    nonce = effort.solve(seed, 2).hex()
    response = send(client, html, solve=False, effort_nonce=nonce, effort="2")
    assert response.status_code == 503
    assert Case.objects.count() == 1


def test_a_forged_or_borrowed_solution_is_refused(client: Client, exhausted: None) -> None:
    first = client.get(REPORT).content.decode()
    _, seed, target = puzzle_of(first)
    nonce = effort.solve(seed, target).hex()
    # The same solution on another form (another ticket) proves nothing.
    second = client.get(REPORT).content.decode()
    response = send(client, second, solve=False, effort_seed=seed, effort_nonce=nonce)
    assert response.status_code == 503
    # A claimed effort the nonce does not meet proves nothing.
    response = send(client, first, solve=False, effort_nonce="00" * 16, effort="4000000")
    assert response.status_code == 503
    assert Case.objects.count() == 1


def test_a_solution_is_single_use(client: Client, exhausted: None) -> None:
    html = client.get(REPORT).content.decode()
    _ticket, seed, target = puzzle_of(html)
    nonce = effort.solve(seed, target).hex()
    extra = {"effort_nonce": nonce, "effort": str(target)}
    assert send(client, html, solve=False, **extra).status_code == 201
    assert send(client, html, solve=False, **extra).status_code == 409  # the ticket is spent
    assert Case.objects.count() == 2


def test_the_effort_budget_bounds_a_flood_that_solves_puzzles(
    client: Client, exhausted: None, settings: Settings
) -> None:
    settings.RIGHTSDESK_EFFORT_REPORTS_PER_HOUR = 10  # a burst of one past the report budget
    send(client, client.get(REPORT).content.decode(), solve=False)  # raise the suggestion
    assert send(client, client.get(REPORT).content.decode(), solve=True).status_code == 201
    assert send(client, client.get(REPORT).content.decode(), solve=True).status_code == 503
    assert Case.objects.count() == 2


def test_a_solved_puzzle_is_carried_from_step_to_step(client: Client, db: None) -> None:
    html = client.get(REPORT).content.decode()
    ticket, seed, target = puzzle_of(html)
    nonce = effort.solve(seed, target).hex()
    data = {
        "step": "0",
        "go": "next",
        "ticket": ticket,
        "narrative": "They published my home address.",
        "effort_seed": seed,
        "effort_nonce": nonce,
        "effort": str(target),
    }
    page = client.post(REPORT, data).content.decode()
    assert field(page, "effort_seed") == seed
    assert field(page, "effort_nonce") == nonce
    # A claim below what is asked now is not carried: a new puzzle instead.
    page = client.post(REPORT, {**data, "effort": "1"}).content.decode()
    assert field(page, "effort_seed") != seed
    assert field(page, "effort_nonce") == ""


@pytest.mark.parametrize(
    ("garbage"),
    [
        {"effort_seed": "x" * 5000, "effort_nonce": "zz", "effort": "\uff11\uff12"},
        {"effort_seed": "", "effort_nonce": "00" * 16, "effort": "-5"},
        {"effort_seed": "a:b:c", "effort_nonce": "\x00" * 32, "effort": "9" * 40},
    ],
)
def test_garbage_effort_fields_never_break_the_form(
    client: Client, db: None, garbage: dict[str, str]
) -> None:
    html = client.get(REPORT).content.decode()
    response = send(client, html, solve=False, **garbage)
    assert response.status_code == 201  # the budget is open: effort is only a bonus
    step = client.post(REPORT, {"step": "0", "go": "next", "ticket": "t", **garbage})
    assert step.status_code in (200, 400)


def test_the_time_is_rounded_up_to_the_minute_and_translated_in_form() -> None:
    now = datetime(2026, 12, 3, 14, 28, 10, tzinfo=UTC)
    assert "Try again after 14:33 UTC (in about 5 minutes)." in try_again_message(240, now=now)
    assert "Try again after 14:29 UTC (in about 1 minute)." in try_again_message(6, now=now)
    exact = datetime(2026, 12, 3, 14, 28, 0, tzinfo=UTC)
    assert "after 14:30 UTC (in about 2 minutes)" in try_again_message(120, now=exact)
