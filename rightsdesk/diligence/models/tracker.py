"""The public recommendation tracker: what the Wikimedians asked for after the 2020 assessment.

Everything here is clear on purpose: a recommendation and its status history exist to be
published. Staff write them knowing they go on the public page once `published` is set; a
recommendation that is not published yet is shown to the team only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from rightsdesk.diligence.models.assessments import Assessment
from rightsdesk.diligence.vocabulary import RecommendationStatus


class Recommendation(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="recommendations"
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(max_length=4000, blank=True)
    status = models.CharField(
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.NOT_STARTED,
    )
    status_since = models.DateTimeField()
    published = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"recommendation {self.uid}"


class RecommendationUpdate(models.Model):
    """One dated step of a recommendation's public history (the note is public)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    at = models.DateTimeField()
    note = models.TextField(max_length=4000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.status} at {self.at}"
