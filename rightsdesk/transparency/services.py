"""Writes: spending the differential-privacy budget, and drawing noisy counts against a spend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.transparency.models import BudgetSpend, PrivacyBudget
from rightsdesk.transparency.noise import noisy_counts
from rightsdesk.transparency.selectors import budget_spent, budget_total

MAX_SPEND = Decimal(10)


class BudgetRefused(Refused):
    """A spend the year's budget cannot cover, or that makes no sense; nothing was spent."""

    code = "budget_refused"


def budget_spend(
    *, actor: User | None, year: int, epsilon: Decimal, table: str, now: datetime
) -> BudgetSpend:
    """Take `epsilon` from `year`'s budget for `table` (a table definition's name), audited.
    Call before drawing any noisy number: a draw without a recorded spend is not allowed."""
    epsilon = Decimal(epsilon).quantize(Decimal("0.001"))
    if not Decimal(0) < epsilon <= MAX_SPEND:
        raise BudgetRefused(_("Epsilon must be more than 0 and at most 10."))
    if not table or len(table) > 120:
        raise BudgetRefused(_("A spend names the table it is for, in at most 120 characters."))
    with transaction.atomic():
        budget, _created = PrivacyBudget.objects.get_or_create(
            year=year, defaults={"epsilon": budget_total(year)}
        )
        budget = PrivacyBudget.objects.select_for_update().get(pk=budget.pk)
        left = budget.epsilon - budget_spent(year)
        if epsilon > left:
            raise BudgetRefused(
                _(
                    "This would spend ε %(asked)s of %(year)d's budget, which has ε %(left)s "
                    "left. Nothing was spent."
                )
                % {"asked": epsilon, "year": year, "left": left}
            )
        spend = BudgetSpend.objects.create(
            budget=budget, epsilon=epsilon, table=table, spent_at=now, spent_by=actor
        )
        audit_record(
            actor=actor_label(actor, system="transparency"),
            action="transparency.budget_spend",
            target_type="budget",
            target_id=f"{year}:{spend.pk}",
        )
    return spend


def noisy_trend(
    *,
    actor: User | None,
    year: int,
    epsilon: Decimal,
    table: str,
    counts: Sequence[int],
    now: datetime,
) -> list[int]:
    """A trend chart's counts with noise, after spending `epsilon` (committed first, so a failed
    draw still counts against the budget: the safe side)."""
    spend = budget_spend(actor=actor, year=year, epsilon=epsilon, table=table, now=now)
    return noisy_counts(counts, float(spend.epsilon))
