"""An assessment, who may read it, and what hangs on its phases.

Each assessment has its own X25519 key pair, like a case: everything typed or uploaded into it
(its scope, sign-off notes, engagement notes, evidence files and their names, the register's
descriptions, mitigations and indicators) is sealed to its public key and bound to the row
(rightsdesk.diligence.keys); its private key is wrapped to each team member allowed to read it
(`AssessmentWrap`) and to the escrow key when one is set. Clear columns are listed in
docs/security/crypto.md with their reasons.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.diligence.vocabulary import (
    AssessmentState,
    EngagementMethod,
    Phase,
    RightsHolder,
    SubjectKind,
    Trigger,
)

_USER = settings.AUTH_USER_MODEL


class Assessment(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The organisation's own product, programme or event, named so the team can find it and the
    # tracker can say which assessment a recommendation came from; never a person.
    title = models.CharField(_("title"), max_length=200)
    subject_kind = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    owner = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    phase = models.PositiveSmallIntegerField(choices=Phase.choices, default=Phase.SCOPING)
    state = models.CharField(
        max_length=20, choices=AssessmentState.choices, default=AssessmentState.OPEN
    )
    review_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    next_review = models.DateField(_("next review"))
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_for = models.CharField(max_length=20, choices=Trigger.choices, blank=True)
    # Clear so the clock can match triggers without a key: rights (cases.Case.rights codes and
    # ours) and threat types (cases' ThreatType) this assessment watches.
    watched_rights = models.JSONField(default=list)
    watched_threats = models.JSONField(default=list)
    public_key = models.BinaryField()
    # Sealed JSON {"scope": ...}: what is assessed and why, bound to (uid, "body").
    body = models.BinaryField()
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("next_review", "id")

    def __str__(self) -> str:
        return f"assessment {self.uid}"


class AssessmentWrap(models.Model):
    """The assessment's private key sealed to one reader (kind USER) or to the escrow key."""

    class Kind(models.TextChoices):
        USER = "user", _("Team member")
        ESCROW = "escrow", _("Escrow")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="wraps")
    user = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.CASCADE, related_name="assessment_wraps"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wrap = models.BinaryField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("assessment", "user"), name="diligence_one_wrap_each"),
        )

    def __str__(self) -> str:
        return f"wrap of {self.assessment_id} for {self.user_id or self.kind}"


class ChecklistTick(models.Model):
    """One ticked item of a phase's checklist (codes in vocabulary.CHECKLISTS)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ticks")
    phase = models.PositiveSmallIntegerField(choices=Phase.choices)
    item = models.CharField(max_length=40)
    done_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("assessment", "phase", "item"), name="diligence_tick_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.item} of phase {self.phase}"


class PhaseSignoff(models.Model):
    """A phase signed off: who and when (clear), the sign-off note sealed (`body`)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="signoffs")
    phase = models.PositiveSmallIntegerField(choices=Phase.choices)
    signed_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField()
    # False once the assessment is reopened: kept as history, no longer counts.
    current = models.BooleanField(default=True)
    body = models.BinaryField()

    class Meta:
        ordering = ("signed_at", "id")

    def __str__(self) -> str:
        return f"sign-off of phase {self.phase}"


class Evidence(models.Model):
    """An evidence file of a phase: stored encrypted (rightsdesk.core.files) under a file key
    sealed to the assessment (`key`); its name and type sealed too (`meta`)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    phase = models.PositiveSmallIntegerField(choices=Phase.choices)
    added_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField()
    stored_size = models.PositiveBigIntegerField()
    key = models.BinaryField()
    meta = models.BinaryField()

    class Meta:
        ordering = ("added_at", "id")

    def __str__(self) -> str:
        return f"evidence {self.uid}"


class Engagement(models.Model):
    """One stakeholder engagement: which group, how and when (clear, for the report's method
    section and counts); what they said and the team's sensitive notes sealed (`body`)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="engagements")
    group = models.CharField(max_length=20, choices=RightsHolder.choices)
    method = models.CharField(max_length=20, choices=EngagementMethod.choices)
    held_on = models.DateField()
    participants = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.BinaryField()

    class Meta:
        ordering = ("held_on", "id")

    def __str__(self) -> str:
        return f"engagement {self.uid}"


class TriggerEvent(models.Model):
    """A trigger that fired for an assessment (clear: computed from clear metadata only). Also
    how the clock fires each trigger once per window instead of every round."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="triggers")
    kind = models.CharField(max_length=20, choices=Trigger.choices)
    at = models.DateTimeField()
    # The code that fired (a right or threat type) and the count seen, for the owner's page.
    code = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.kind} trigger of {self.assessment_id}"
