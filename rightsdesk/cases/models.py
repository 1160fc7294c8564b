"""Cases: what a reporter sent and what the team does with it.

Only the metadata of DESIGN.md section 3 is stored in the clear (number, days, channel, status,
priority, threat types, rights, country, emergency flag). Everything a person typed or uploaded is
sealed to the case's own public key; the case's private key exists only wrapped (`KeyWrap`) to
the people allowed to read it and to the reporter's receipt.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.vocabulary import Channel, Status


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=16, unique=True)
    created_on = models.DateField(_("received"))
    updated_on = models.DateField(_("updated"))
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=2, blank=True)
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
    priority_reason = models.CharField(max_length=300, blank=True)
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


class Message(models.Model):
    """A follow-up from the reporter or a reply from the team; the body is sealed to the case."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "reporter", _("from the reporter")
        FROM_TEAM = "team", _("from the team")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    seq = models.PositiveIntegerField()
    direction = models.CharField(max_length=8, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_on = models.DateField()
    body = models.BinaryField()

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


class Note(models.Model):
    """An internal note by the team, sealed to the case; never shown to the reporter."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_on = models.DateField()
    body = models.BinaryField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"note {self.uid}"


class OnCallShift(models.Model):
    """Who is on duty when (times in UTC; shown in each person's time zone)."""

    class Role(models.TextChoices):
        ON_CALL = "on_call", _("on-call handler")
        LEAD = "lead", _("on-call lead")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oncall_shifts"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return f"{self.role} shift of {self.user_id}"


class DeadlineEvent(models.Model):
    """A deadline met or missed, or a page sent: the record the transparency reports count."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_events")
    kind = models.CharField(max_length=32)  # ack.met, ack.late, ack.missed, page.<role>
    at = models.DateTimeField()
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("at",)

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id}"


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


class CrisisDecision(models.Model):
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="decisions")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField()
    body = models.BinaryField()  # sealed

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"decision {self.uid}"


class TriageStep(models.Model):
    """A recorded triage step: vetting a report, or checking it is within the team's mandate."""

    class Kind(models.TextChoices):
        VETTING = "vetting", _("vetting")
        MANDATE = "mandate", _("mandate check")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="triage_steps")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # vetting: verified, unverified, not_needed; mandate: in, out (rightsdesk.cases.vocabulary).
    outcome = models.CharField(max_length=16)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField()
    note = models.BinaryField(default=b"", blank=True)  # sealed; empty when none was written

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.kind} of {self.case_id}"


class CaseLink(models.Model):
    """Two related cases (same attacker, same wave). Stored once, lower id first."""

    class Kind(models.TextChoices):
        SAME_ATTACKER = "same_attacker", _("same attacker")
        SAME_WAVE = "same_wave", _("same wave")
        RELATED = "related", _("related")

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("from_case", "to_case"), name="one_link_per_pair"),
            models.CheckConstraint(
                condition=Q(from_case__lt=models.F("to_case")), name="link_ordered"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} link {self.from_case_id}-{self.to_case_id}"


class ReplyTemplate(models.Model):
    """A reply the team saved, in one language. Shipped templates live in code (translatable);
    a row with the same slug and language replaces the shipped text for that language."""

    slug = models.SlugField(max_length=40)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ("slug", "language")
        constraints = (
            models.UniqueConstraint(fields=("slug", "language"), name="one_template_per_language"),
        )

    def __str__(self) -> str:
        return f"{self.slug} ({self.language})"


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


class SearchEntry(models.Model):
    """What one reader may search in one case, encrypted so only that reader can open it.

    SEALED rows are written for the reader by whoever had the plaintext (sealed to the reader's
    public key); on the reader's next search they are folded into one SECRET row under the
    reader's search key (rightsdesk.cases.search). Rows go with the case and with the grant.
    """

    class Kind(models.TextChoices):
        SEALED = "sealed", _("sealed to the reader")
        SECRET = "secret", _("under the reader's search key")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_entries"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="search_entries")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    body = models.BinaryField()

    class Meta:
        indexes = (models.Index(fields=("user", "kind"), name="searchentry_user_kind"),)

    def __str__(self) -> str:
        return f"search entry of {self.case_id} for {self.user_id}"
