"""The core app's one table: the site-wide admission budgets, shared by every app server.

A budget row is the budget's state and nothing else: its name ("reports", "receipt-failures",
"wiki-reports-3") and the moment it is full again. No client identity, no event log. A row whose
moment has passed says nothing a missing row would not, and is deleted (`budgets.budgets_sweep`,
run by the daily retention job).
"""

from __future__ import annotations

from django.db import models


class Budget(models.Model):
    """One named rate budget, kept as its "theoretical arrival time" (GCRA, see core/budgets.py):
    while `full_at` is in the past the budget is full; each admitted event moves it one interval
    (3600 s / events per hour) later; an event is refused while it is more than the burst's
    allowance ahead of now."""

    name = models.CharField(max_length=100, primary_key=True)
    full_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
