"""A grievance, the key wraps that decide who may read it, recusals, the person's sessions.

Like a case, each grievance has its own X25519 key pair: everything the person typed is sealed to
its public key (rightsdesk.grievances.content), and its private key exists only wrapped to the
person's receipt, to each handler allowed to read it, and to the escrow key if one is set. Only
the clear metadata listed in docs/security/crypto.md ("Grievances") is readable without a key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rightsdesk.grievances.vocabulary import (
    Category,
    Channel,
    Concerns,
    Learning,
    Outcome,
    Stage,
)


class Grievance(models.Model):
    number = models.CharField(_("grievance number"), max_length=16, unique=True)
    filed_on = models.DateField(_("filed"))
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    # The site language the form was filled in (the scorecard's "languages used"); a language
    # code, not text.
    language = models.CharField(max_length=8, blank=True)
    # True when the person left no way to reach them but the receipt (the scorecard's share
    # filed anonymously); the contact itself, when given, is sealed.
    anonymous = models.BooleanField(default=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    concerns = models.CharField(max_length=16, choices=Concerns.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.RECEIVED)
    # When the current stage began (the filing day at midnight UTC for the first stage: the
    # minute a person filed could be matched against a network observer's log) and is due.
    stage_started_at = models.DateTimeField()
    stage_due = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    eligibility = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    track = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    decision = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    # When the decision the person may appeal was made (a decision, or an ending at eligibility
    # or on a redirect track); the appeal window runs from here.
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    public_key = models.BinaryField(max_length=32)
    receipt_lookup = models.CharField(max_length=64, unique=True)
    # Sealed JSON of everything the person typed (rightsdesk.grievances.content.Filing).
    content = models.BinaryField()
    # Equity (UNGP 31 d): whether the person had a partner organisation's advice.
    partner_advice = models.BooleanField(default=False)
    # Learning (UNGP 31 g): a link to a risk or a policy change, by a short reference code
    # ("RISK-12", "POL-2026-3"; a pattern that cannot hold a name).
    learning = models.CharField(max_length=8, choices=Learning.choices, blank=True)
    learning_ref = models.CharField(max_length=24, blank=True)
    # Engagement (UNGP 31 h): the person's rating of the procedure at closing, 1 to 5.
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-filed_on", "-id")
        indexes = (models.Index(fields=("stage", "stage_due"), name="grievance_stage_due"),)
        permissions = (
            ("handle_grievances", "Can handle grievances (routed new grievances)"),
            ("review_appeals", "Can review grievance appeals (independent reviewer)"),
        )

    def __str__(self) -> str:
        return self.number

    @property
    def outcome_type(self) -> str:
        """The outcome as the register and the scorecard count it ("" while none)."""
        if self.eligibility in (Outcome.REDIRECTED, Outcome.DECLINED):
            return self.eligibility
        if self.track == Outcome.REDIRECT_TRACK:
            return self.track
        return self.decision


class GrievanceWrap(models.Model):
    """The grievance's private key sealed to one reader (a handler, the receipt, the escrow)."""

    class Kind(models.TextChoices):
        USER = "user", _("user")
        RECEIPT = "receipt", _("the person's receipt")
        ESCROW = "escrow", _("organisation escrow")

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="wraps")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grievance_wraps",
    )
    recipient_public_key = models.BinaryField(max_length=32)
    wrap = models.BinaryField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("grievance", "user"),
                condition=Q(kind="user"),
                name="one_grievance_wrap_per_user",
            ),
            models.UniqueConstraint(
                fields=("grievance", "kind"),
                condition=~Q(kind="user"),
                name="one_grievance_wrap_per_kind",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} wrap of grievance {self.grievance_id}"


class Recusal(models.Model):
    """A handler who may not read a grievance: named in it, or who declared a conflict.

    Kept in the clear because the gate must refuse without opening anything; it names staff
    only, never the person who filed (docs/security/crypto.md).
    """

    class Kind(models.TextChoices):
        NAMED = "named", _("named in the grievance")
        CONFLICT = "conflict", _("declared a conflict of interest")

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grievance_recusals"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    on = models.DateField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("grievance", "user"), name="one_recusal_per_user"),
        )

    def __str__(self) -> str:
        return f"recusal of user {self.user_id} from grievance {self.grievance_id}"


class FollowSession(models.Model):
    """The person signed in with their receipt: the grievance key sealed under the token that
    only their cookie holds (rightsdesk.core.tokens); expires when idle, deleted at sign-out."""

    token_digest = models.CharField(max_length=64, unique=True)
    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="+")
    sealed_key = models.BinaryField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"follow session {self.token_digest[:8]}"
