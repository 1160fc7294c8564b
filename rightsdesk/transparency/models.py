"""The differential-privacy budget ledger: each year's epsilon for trend charts and every spend
from it. Clear metadata only (years, amounts, a table definition's name from code, who spent);
listed in docs/security/crypto.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PrivacyBudget(models.Model):
    """A year's budget. Spends lock this row, so two at once cannot both take the last of it."""

    year = models.PositiveSmallIntegerField(unique=True)
    epsilon = models.DecimalField(max_digits=6, decimal_places=3)

    def __str__(self) -> str:
        return f"{self.year}: {self.epsilon}"


class BudgetSpend(models.Model):
    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="spends")
    epsilon = models.DecimalField(max_digits=6, decimal_places=3)
    # a table definition's name, from code (never typed by a person)
    table = models.CharField(max_length=120)
    spent_at = models.DateTimeField()
    spent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ("spent_at", "pk")

    def __str__(self) -> str:
        return f"{self.table}: {self.epsilon}"
