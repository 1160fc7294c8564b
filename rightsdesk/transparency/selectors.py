"""Reads of the budget ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from rightsdesk.transparency.models import BudgetSpend, PrivacyBudget


def budget_total(year: int) -> Decimal:
    """The year's budget: its row, or the setting for a year nothing was spent in yet."""
    found = PrivacyBudget.objects.filter(year=year).values_list("epsilon", flat=True).first()
    if found is not None:
        return found
    return Decimal(str(settings.RIGHTSDESK_DP_EPSILON_PER_YEAR)).quantize(Decimal("0.001"))


def budget_spent(year: int) -> Decimal:
    spent = BudgetSpend.objects.filter(budget__year=year).aggregate(total=Sum("epsilon"))["total"]
    return spent if spent is not None else Decimal(0)


def budget_left(year: int) -> Decimal:
    return budget_total(year) - budget_spent(year)
