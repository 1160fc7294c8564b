"""The crisis response of a P1 case, and admins' edits of the playbooks it follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rightsdesk.cases.models.base import AuthoredSealedRow
from rightsdesk.cases.models.case import Case


class Crisis(models.Model):
    """The crisis response of a P1 case: lead, playbook checklist, decisions, review."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="crisis")
    playbook = models.CharField(max_length=40)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    review = models.BinaryField(null=True, blank=True)  # sealed post-incident review

    def __str__(self) -> str:
        return f"crisis of {self.case_id}"


class CrisisStep(models.Model):
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="steps")
    step_id = models.CharField(max_length=40)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("due_at", "id")

    def __str__(self) -> str:
        return f"{self.step_id} of crisis {self.crisis_id}"


class CrisisDecision(AuthoredSealedRow):
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="decisions")
    at = models.DateTimeField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"decision {self.uid}"


class PlaybookRevision(models.Model):
    """An admin's edit of a crisis playbook: the newest revision replaces the shipped file."""

    slug = models.SlugField(max_length=40)
    language = models.CharField(max_length=8, blank=True)  # "" = the source (English) text
    data = models.JSONField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ("-edited_at", "-id")
        indexes = (models.Index(fields=("slug", "language"), name="playbook_slug_language"),)

    def __str__(self) -> str:
        return f"{self.slug} revision {self.id}"
