"""The impact register and its mitigations.

The scores, rights, groups, vulnerabilities and states are clear: the rule ranks on them, the
heat map and the trigger matching read them, and they say nothing about any one person. What a
person typed (the impact's title and description, who exactly is affected and how; a mitigation's
action and its indicator) is sealed to the assessment key and bound to the row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from rightsdesk.diligence.models.assessments import Assessment
from rightsdesk.diligence.rules import Scores
from rightsdesk.diligence.vocabulary import ImpactKind, Involvement, MitigationState

_USER = settings.AUTH_USER_MODEL


class Impact(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="impacts")
    rights = models.JSONField(default=list)
    holders = models.JSONField(default=list)
    vulnerabilities = models.JSONField(default=list)
    kind = models.CharField(max_length=10, choices=ImpactKind.choices)
    involvement = models.CharField(max_length=12, choices=Involvement.choices)
    scale = models.PositiveSmallIntegerField()
    scope = models.PositiveSmallIntegerField()
    irremediability = models.PositiveSmallIntegerField()
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(default=2)
    leverage = models.PositiveSmallIntegerField(default=2)
    residual_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_scope = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_irremediability = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    # The rule version the scores were given under (rightsdesk.diligence.rules.RULE_VERSION).
    rule_version = models.PositiveSmallIntegerField(default=1)
    next_review = models.DateField()
    created_at = models.DateTimeField()
    # Sealed JSON {"title", "description", "holders_detail"}, bound to (uid, "body").
    body = models.BinaryField()
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"impact {self.uid}"

    @property
    def scores(self) -> Scores:
        return Scores(
            scale=self.scale,
            scope=self.scope,
            irremediability=self.irremediability,
            likelihood=self.likelihood if self.kind == ImpactKind.POTENTIAL else None,
            confidence=self.confidence,
        )

    @property
    def residual(self) -> Scores | None:
        if self.residual_scale is None or self.residual_scope is None:
            return None
        if self.residual_irremediability is None:
            return None
        return Scores(
            scale=self.residual_scale,
            scope=self.residual_scope,
            irremediability=self.residual_irremediability,
            likelihood=self.residual_likelihood if self.kind == ImpactKind.POTENTIAL else None,
            confidence=self.confidence,
        )


class Mitigation(models.Model):
    """An action against an impact: owner, due date and state clear (the clock finds overdue
    ones and the owner's page lists them); the action and its effectiveness indicator sealed
    (`body`: {"action", "metric", "baseline", "target", "feedback_source", "result"})."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    impact = models.ForeignKey(Impact, on_delete=models.CASCADE, related_name="mitigations")
    owner = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    state = models.CharField(
        max_length=20, choices=MitigationState.choices, default=MitigationState.PLANNED
    )
    state_since = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    body = models.BinaryField()
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("due_on", "id")

    def __str__(self) -> str:
        return f"mitigation {self.uid}"
