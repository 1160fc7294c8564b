"""Recorded triage steps: vetting and the mandate check."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models.base import AuthoredSealedRow
from rightsdesk.cases.models.case import Case


class TriageStep(AuthoredSealedRow):
    """A recorded triage step: vetting a report, or checking it is within the team's mandate."""

    class Kind(models.TextChoices):
        VETTING = "vetting", _("vetting")
        MANDATE = "mandate", _("mandate check")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="triage_steps")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # vetting: verified, unverified, not_needed; mandate: in, out (rightsdesk.cases.vocabulary).
    outcome = models.CharField(max_length=16)
    at = models.DateTimeField()
    # The note, sealed; empty when none was written (the base requires none).
    body = models.BinaryField(default=b"", blank=True)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.kind} of {self.case_id}"
