"""Cases: what a reporter sent and what the team does with it.

Only the metadata of DESIGN.md section 3 is stored in the clear (number, days, channel, status,
priority, threat types, rights, country, emergency flag, labels). Everything a person typed or
uploaded is sealed to the case's own public key; the case's private key exists only wrapped
(`KeyWrap`) to the people allowed to read it and to the reporter's receipt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models.base import AuthoredSealedRow
from rightsdesk.cases.vocabulary import Channel, Priority, Status


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=16, unique=True)
    created_on = models.DateField(_("received"))
    updated_on = models.DateField(_("updated"))
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=2, choices=Priority.choices, blank=True)
    emergency = models.BooleanField(_("emergency"), default=False)
    threat_types = models.JSONField(default=list)
    rights = models.JSONField(default=list)
    country = models.CharField(max_length=2, blank=True)
    public_key = models.BinaryField(max_length=32)
    # Keyed slow hash of the receipt (rightsdesk.crypto.receipts); never the receipt itself.
    receipt_lookup = models.CharField(max_length=64, unique=True)
    # Sealed JSON of everything the reporter typed in the form (rightsdesk.cases.content).
    content = models.BinaryField()
    # Suspends retention: a case under legal hold is never deleted by the retention task.
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    # The crisis clock (DESIGN.md section 3 lists deadlines as clear metadata). The arrival minute
    # is not stored and cannot be recovered from `ack_due` for priorities counted in working hours
    # (P3, P4: a report on Friday night and one on Monday 09:00 are both due Monday 17:00), so
    # escalation steps are computed from `ack_due` itself (rightsdesk.cases.oncall.deadlines).
    ack_due = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # The reason given with the priority, sealed to the case (content.seal_priority_reason).
    priority_reason_sealed = models.BinaryField(default=b"", blank=True)
    # Short team labels ("wave-2026-11", "same-attacker"), clear metadata for sorting work.
    labels = models.JSONField(default=list, blank=True)
    # Optimistic locking: every edit of the case's metadata increments it; an edit made from an
    # older version is refused instead of silently overwriting a colleague's change.
    version = models.PositiveIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    # The handler's classification beyond the clear threat types and rights (actors, why targeted,
    # who is affected): sealed JSON (rightsdesk.cases.content); empty until a handler classifies.
    classification = models.BinaryField(default=b"", blank=True)

    class Meta:
        ordering = ("-created_on", "-id")
        indexes = (
            models.Index(fields=("status", "priority", "ack_due"), name="case_status_priority_due"),
            # Everything the dashboard counts, so that counting never reads a case's row (whose
            # sealed content makes it long): rightsdesk.cases.queues.selectors.
            models.Index(
                fields=("status", "priority", "assignee", "acknowledged_at", "ack_due"),
                name="case_queue_counts",
            ),
            models.Index(fields=("ack_due",), name="case_ack_due"),
            models.Index(fields=("priority", "ack_due"), name="case_priority_ack_due"),
            models.Index(
                fields=("assignee", "priority", "ack_due"), name="case_assignee_priority_due"
            ),
        )

    def __str__(self) -> str:
        return self.number


class KeyWrap(models.Model):
    """The case's private key sealed to one reader. Granting adds a row; revoking deletes it."""

    class Kind(models.TextChoices):
        USER = "user", _("user")
        RECEIPT = "receipt", _("reporter's receipt")
        ESCROW = "escrow", _("organisation escrow")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="wraps")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_wraps",
    )
    recipient_public_key = models.BinaryField(max_length=32)
    wrap = models.BinaryField()

    class Meta:
        # Covering for the dashboard's counts: a handler's grants are read from the index alone.
        indexes = (models.Index(fields=("user", "kind", "case"), name="keywrap_user_kind_case"),)
        constraints = (
            models.UniqueConstraint(
                fields=("case", "user"), condition=Q(kind="user"), name="one_wrap_per_user"
            ),
            models.UniqueConstraint(
                fields=("case", "kind"), condition=~Q(kind="user"), name="one_wrap_per_kind"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} wrap of {self.case_id}"


class Message(AuthoredSealedRow):
    """A follow-up from the reporter or a reply from the team; the body is sealed to the case."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "reporter", _("from the reporter")
        FROM_TEAM = "team", _("from the team")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    direction = models.CharField(max_length=8, choices=Direction.choices)
    created_on = models.DateField()

    class Meta:
        ordering = ("seq",)
        constraints = (models.UniqueConstraint(fields=("case", "seq"), name="message_order"),)

    def __str__(self) -> str:
        return f"message {self.seq} of {self.case_id}"


class Attachment(models.Model):
    """An uploaded file: ciphertext on disk under a random name, its key and name sealed here."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    uid = models.UUIDField(unique=True, editable=False)
    created_on = models.DateField()
    # The padded ciphertext size: all a copy of the disk learns about the file.
    stored_size = models.PositiveBigIntegerField()
    sealed_key = models.BinaryField()
    # Sealed JSON: original name, real type, exact size, what metadata was removed.
    meta = models.BinaryField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"attachment {self.uid}"


class Note(AuthoredSealedRow):
    """An internal note by the team, sealed to the case; never shown to the reporter."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    created_on = models.DateField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"note {self.uid}"
