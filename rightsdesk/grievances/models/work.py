"""What the procedure does with a grievance: moves, messages, files, the appeal, remedies, the
clock's events and the public register's entries.

Every text a person or a handler typed is sealed to the grievance's public key and bound to its
row's `uid` (rightsdesk.grievances.content); codes, dates and who acted stay clear so that the
clock, the scorecard and the register work without a key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models.base import AuthoredSealedRow, SealedRow
from rightsdesk.grievances.models.grievance import Grievance
from rightsdesk.grievances.vocabulary import (
    AppealOutcome,
    Category,
    Outcome,
    RemedyKind,
    RemedyView,
    Stage,
)


class Move(SealedRow):
    """One stage move; `body` is the sealed reason the person is told (may be empty text)."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="moves")
    seq = models.PositiveIntegerField()
    from_stage = models.CharField(max_length=16, choices=Stage.choices)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Predictability (UNGP 31 c): whether the stage this move left ended within its limit.
    on_time = models.BooleanField(null=True)

    class Meta:
        ordering = ("seq",)
        constraints = (
            models.UniqueConstraint(fields=("grievance", "seq"), name="grievance_move_order"),
        )

    def __str__(self) -> str:
        return f"move {self.seq} of grievance {self.grievance_id}"


class GrievanceMessage(AuthoredSealedRow):
    """A message from the person (no author) or from a handler, sealed to the grievance."""

    class Direction(models.TextChoices):
        FROM_PERSON = "person", _("from the person")
        FROM_TEAM = "team", _("from the handlers")

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    direction = models.CharField(max_length=8, choices=Direction.choices)
    created_on = models.DateField()

    class Meta:
        ordering = ("seq",)
        constraints = (
            models.UniqueConstraint(fields=("grievance", "seq"), name="grievance_message_order"),
        )

    def __str__(self) -> str:
        return f"message {self.seq} of grievance {self.grievance_id}"


class GrievanceAttachment(models.Model):
    """An uploaded file: ciphertext under FILES_DIR (rightsdesk.core.files), key and name sealed."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        GrievanceMessage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uid = models.UUIDField(unique=True, editable=False)
    created_on = models.DateField()
    stored_size = models.PositiveBigIntegerField()
    sealed_key = models.BinaryField()
    meta = models.BinaryField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"grievance attachment {self.uid}"


class Appeal(models.Model):
    """The person's appeal of a decision, reviewed by someone who did not handle the grievance.

    `grounds` (the person's) and `reasons` (the reviewer's) are sealed and bound to `uid`.
    """

    uid = models.UUIDField(unique=True, editable=False)
    grievance = models.OneToOneField(Grievance, on_delete=models.CASCADE, related_name="appeal")
    filed_on = models.DateField()
    due = models.DateTimeField()
    grounds = models.BinaryField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=AppealOutcome.choices, blank=True)
    reasons = models.BinaryField(default=b"", blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"appeal of grievance {self.grievance_id}"


class Remedy(models.Model):
    """One remedy from the catalogue: who must do what (sealed) by when, evidence it was done
    (sealed), and the person's own view of whether it remedied the harm."""

    uid = models.UUIDField(unique=True, editable=False)
    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(max_length=16, choices=RemedyKind.choices)
    plan = models.BinaryField()
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    evidence = models.BinaryField(default=b"", blank=True)
    person_view = models.CharField(max_length=16, choices=RemedyView.choices, blank=True)
    person_comment = models.BinaryField(default=b"", blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"remedy {self.uid}"


class ClockEvent(models.Model):
    """The clock's record: a stage or an appeal review became overdue, and at which level."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="clock")
    kind = models.CharField(max_length=24)
    stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    level = models.PositiveSmallIntegerField()
    at = models.DateTimeField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.kind} of grievance {self.grievance_id}"


class RegisterEntry(models.Model):
    """One grievance in the public register, as a staff member approved it: codes only.

    A snapshot, so that nothing reaches the public that nobody approved; approving again updates
    it. `public_number` is the register's own sequence, not the grievance number; it is never
    given to another grievance, so a withdrawn entry is kept (unpublished) with its number.
    """

    grievance = models.OneToOneField(
        Grievance, on_delete=models.CASCADE, related_name="register_entry"
    )
    public_number = models.CharField(max_length=16, unique=True)
    month = models.DateField()
    category = models.CharField(max_length=16, choices=Category.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("public_number",)

    def __str__(self) -> str:
        return self.public_number
