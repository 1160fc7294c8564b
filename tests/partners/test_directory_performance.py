"""Partner performance, aggregate only: figures from referrals whose answers are worked out by
hand below, and no small cell (a count under 3, or a rate or median that would give one away)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.models import Case
from rightsdesk.partners.directory.performance import Cell, partner_performance
from rightsdesk.partners.models import Partner, Referral
from tests.factories import StaffAccount, case_filed, partner_listed, signed_in

pytestmark = pytest.mark.django_db


def _t0() -> datetime:
    return timezone.now().replace(microsecond=0) - timedelta(days=30)


def _referral(case: Case, partner: Partner, **fields: Any) -> Referral:
    now = _t0()
    return Referral.objects.create(
        case=case,
        partner=partner,
        service="legal",
        until=(now + timedelta(days=60)).date(),
        created_at=now,
        state_since=now,
        **fields,
    )


def _fixtures() -> dict[str, Partner]:
    case = case_filed().case
    t0 = _t0()
    alpha = partner_listed(name="Alpha")
    beta = partner_listed(name="Beta")
    gamma = partner_listed(name="Gamma")
    partner_listed(name="Delta")  # nothing sent to it
    # Alpha: 4 accepted after 1, 2, 3 and 10 hours (median 2.5 h), 3 of them resolved and one
    # partly; 3 declined for lack of capacity; 1 still waiting; 1 never sent (a draft).
    for hours, outcome in ((1, "resolved"), (2, "resolved"), (3, "resolved"), (10, "partly")):
        _referral(
            case, alpha, state="completed", sent_at=t0,
            accepted_at=t0 + timedelta(hours=hours), outcome=outcome,
        )  # fmt: skip
    for _ in range(3):
        _referral(case, alpha, state="declined", sent_at=t0, decline_reason="no_capacity")
    _referral(case, alpha, state="sent", sent_at=t0)
    _referral(case, alpha, state="drafted")
    # Beta: 2 accepted, 1 waiting: every count but "sent" is under 3.
    for hours in (1, 5):
        _referral(case, beta, state="accepted", sent_at=t0, accepted_at=t0 + timedelta(hours=hours))
    _referral(case, beta, state="received", sent_at=t0)
    # Gamma: 5 accepted after 4 hours each, 1 declined: the rate would give the one decline away.
    for _ in range(5):
        _referral(case, gamma, state="in_progress", sent_at=t0, accepted_at=t0 + timedelta(hours=4))
    _referral(case, gamma, state="declined", sent_at=t0, decline_reason="conflict")
    return {"alpha": alpha, "beta": beta, "gamma": gamma}


def _by_name() -> dict[str, Any]:
    return {row.partner.name: row for row in partner_performance()}


def test_figures_worked_out_by_hand() -> None:
    _fixtures()
    rows = _by_name()
    alpha = rows["Alpha"]
    assert (alpha.sent, alpha.answered, alpha.accepted, alpha.declined) == (
        Cell(8),
        Cell(7),
        Cell(4),
        Cell(3),
    )
    assert alpha.acceptance_percent == 57  # 4 of 7
    assert alpha.median_hours_to_accept == 2.5
    outcomes = dict(alpha.outcomes)
    assert outcomes["resolved"] == Cell(3)
    assert outcomes["partly"] == Cell(None)  # one: fewer than 3
    assert outcomes["not_met"] == Cell(None)  # none is "fewer than 3" too
    declines = dict(alpha.declines)
    assert declines["no_capacity"] == Cell(3)
    assert declines["conflict"] == Cell(None)

    beta = rows["Beta"]
    assert beta.sent == Cell(3)
    assert (beta.answered, beta.accepted, beta.declined) == (Cell(None),) * 3
    assert beta.acceptance_percent is None
    assert beta.median_hours_to_accept is None

    gamma = rows["Gamma"]
    assert (gamma.sent, gamma.accepted, gamma.declined) == (Cell(6), Cell(5), Cell(None))
    assert gamma.acceptance_percent is None  # 5 of 6 would say that exactly one was declined
    assert gamma.median_hours_to_accept == 4.0
    assert dict(gamma.declines)["conflict"] == Cell(None)

    delta = rows["Delta"]
    assert delta.sent == Cell(None)
    assert list(rows) == ["Alpha", "Beta", "Delta", "Gamma"]


def test_since_counts_only_referrals_sent_from_that_day() -> None:
    _fixtures()
    later = {r.partner.name: r for r in partner_performance(since=timezone.now().date())}
    assert later["Alpha"].sent == Cell(None)


def test_the_page_shows_no_small_cell(handler: StaffAccount) -> None:
    _fixtures()
    page = signed_in(handler).get(reverse("partners:directory_performance")).content.decode()
    assert "57 %" in page
    assert "2.5 h" in page
    assert "fewer than 3" in page
    assert "83 %" not in page  # Gamma's 5 of 6
    # Every number shown is 3 or more (a percentage or hours aside).
    cells = re.findall(r"<(?:td|dd)>\s*(\d+)\s*</(?:td|dd)>", page)
    assert len(cells) >= 8
    assert all(int(cell) >= 3 for cell in cells), cells
