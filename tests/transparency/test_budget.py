"""The differential-privacy budget ledger and the noisy trend counts (optional mode): a spend is
recorded and audited before any number is drawn; a spend over the year's budget is refused and
writes nothing; OpenDP's own privacy map says the draw costs what was spent."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from rightsdesk.audit.models import AuditEntry
from rightsdesk.transparency.models import BudgetSpend
from rightsdesk.transparency.noise import noisy_counts, privacy_loss
from rightsdesk.transparency.selectors import budget_left
from rightsdesk.transparency.services import BudgetRefused, budget_spend, noisy_trend
from tests.factories import staff_account

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_the_mechanism_costs_what_is_spent() -> None:
    assert privacy_loss(0.5) == pytest.approx(0.5)
    assert privacy_loss(0.1) == pytest.approx(0.1)


def test_noisy_counts_are_whole_never_negative_and_noisy() -> None:
    draws = [noisy_counts([0, 3, 40, 7], 0.5) for _ in range(30)]
    assert all(len(d) == 4 and all(type(n) is int and n >= 0 for n in d) for d in draws)
    assert len({tuple(d) for d in draws}) > 1  # noise, not the counts themselves
    with pytest.raises(ValueError, match="epsilon"):
        noisy_counts([1], 0)
    with pytest.raises(ValueError, match="whole"):
        noisy_counts([-1], 1)


@pytest.mark.django_db
@override_settings(RIGHTSDESK_DP_EPSILON_PER_YEAR=1.0)
def test_spends_are_recorded_audited_and_refused_past_the_budget() -> None:
    account = staff_account()
    first = budget_spend(
        actor=account.user, year=2026, epsilon=Decimal("0.6"), table="threats by month", now=NOW
    )
    assert budget_left(2026) == Decimal("0.400")
    entry = AuditEntry.objects.get(action="transparency.budget_spend")
    assert entry.target_id == f"2026:{first.pk}"
    assert entry.actor == f"user:{account.user.pk}"
    with pytest.raises(BudgetRefused) as refused:
        budget_spend(actor=None, year=2026, epsilon=Decimal("0.5"), table="t", now=NOW)
    assert "0.400" in refused.value.message
    assert BudgetSpend.objects.count() == 1
    assert AuditEntry.objects.filter(action="transparency.budget_spend").count() == 1
    # another year has its own budget
    assert budget_left(2027) == Decimal("1.000")
    counts = noisy_trend(
        actor=None, year=2026, epsilon=Decimal("0.4"), table="t", counts=[5, 6], now=NOW
    )
    assert len(counts) == 2
    assert budget_left(2026) == Decimal(0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("epsilon", "table"), [(Decimal(0), "t"), (Decimal(11), "t"), (Decimal("0.1"), "")]
)
def test_a_senseless_spend_is_refused(epsilon: Decimal, table: str) -> None:
    with pytest.raises(BudgetRefused):
        budget_spend(actor=None, year=2026, epsilon=epsilon, table=table, now=NOW)
    assert BudgetSpend.objects.count() == 0
