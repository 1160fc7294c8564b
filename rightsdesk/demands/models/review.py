"""The legal review (one row per checklist item, its note sealed), the reviewers' approvals of
a decision, and the demand's history of moves (the reason given sealed)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from rightsdesk.demands.models.demand import Demand
from rightsdesk.demands.vocabulary import Decision, ReviewItem, State, Verdict

_USER = settings.AUTH_USER_MODEL


class ReviewNote(models.Model):
    """One item of the GNI / ICCPR checklist: the verdict, who and when clear (the rules read
    them); the reviewer's note sealed (`body`: {"note"})."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="review")
    item = models.CharField(max_length=20, choices=ReviewItem.choices)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    reviewer = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    body = models.BinaryField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("demand", "item"), name="demands_review_item_once"),
        )

    def __str__(self) -> str:
        return f"{self.item} of {self.demand_id}"


class Approval(models.Model):
    """A reviewer approves one decision (compliance needs two different reviewers)."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="approvals")
    reviewer = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("demand", "reviewer"), name="demands_approve_once"),
        )

    def __str__(self) -> str:
        return f"{self.decision} by {self.reviewer_id}"


class DemandMove(models.Model):
    """One step of the demand's history: from, to, who, when (clear); the note sealed."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="moves")
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    body = models.BinaryField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"
