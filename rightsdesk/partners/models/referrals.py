"""Referrals: a consented projection of a case sent to one partner, and the loop back.

A referral has its own X25519 key pair. The packet (the consented pieces of the case, and only
those) is sealed to the referral's public key; the private half is wrapped (`ReferralWrap`) to each
user of the partner organisation and to the case's own public key, so the team reads it through
the case and the partner through its members' keys, and nobody else. The handler's purpose and
summary, and any reason for referring without consent, are sealed to the case key until the
packet is built (the volunteer reads them in the inbox with the case key). Withdrawal, revocation
and expiry delete the partner's wraps and the packet.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models import Attachment, Case
from rightsdesk.cases.models.base import SealedRow
from rightsdesk.partners.models.directory import Partner
from rightsdesk.partners.vocabulary import (
    ConsentChannel,
    ConsentDecision,
    DeclineReason,
    Outcome,
    Service,
    State,
)


class Referral(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    service = models.CharField(max_length=24, choices=Service.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFTED)
    # The pieces the handler proposes (vocabulary.Piece codes, `message:<uid>`, `file:<uid>`):
    # names of parts of the case, never their content.
    pieces = models.JSONField(default=list)
    # The pieces the packet holds: those the volunteer agreed to (or the override approved).
    consented = models.JSONField(default=list)
    # Sealed to the case key until sent, bound to (partners_referral, uid, field).
    purpose = models.BinaryField(default=b"", blank=True)
    summary = models.BinaryField(default=b"", blank=True)
    override_reason = models.BinaryField(default=b"", blank=True)
    # The referral key pair's public half; the packet is sealed to it (empty until sent).
    public_key = models.BinaryField(max_length=32, default=b"", blank=True)
    packet = models.BinaryField(default=b"", blank=True)
    # The consent's end: after it the referral expires and the partner's access is deleted.
    until = models.DateField()
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    # Partners without accounts: the packet went as an OpenPGP message; a keyed digest of the
    # one-time code that lets them report back (never the code).
    remote = models.BooleanField(default=False)
    remote_code_digest = models.CharField(max_length=64, blank=True)
    # The OpenPGP message as mailed (rightsdesk.partners.remote): already encrypted to the
    # partner's key, and sealed again under a server sub-key so that a database copy holds not even
    # that (a partner key stolen later opens nothing from a stolen backup). Deleted with the
    # partner's access. The fingerprint it was encrypted to is kept for the record.
    remote_message = models.BinaryField(default=b"", blank=True)
    remote_fingerprint = models.CharField(max_length=40, blank=True)
    # The clock (rightsdesk.partners.clock): when the current state is due to move on, and
    # whether that was escalated. Times of the loop, for the partners' aggregate performance.
    created_at = models.DateTimeField()
    state_since = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    escalated = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (
            models.Index(fields=("state", "due_at"), name="referral_state_due"),
            models.Index(fields=("partner", "state"), name="referral_partner_state"),
        )
        permissions = (("override_consent", "May ask to refer a volunteer without their consent"),)

    def __str__(self) -> str:
        return f"referral {self.uid}"


class ReferralWrap(models.Model):
    """The referral's private key sealed to one partner user, or to the case's public key."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("partner user")
        CASE = "case", _("the case")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="wraps")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="referral_wraps",
    )
    wrap = models.BinaryField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("referral", "user"),
                condition=Q(kind="member"),
                name="one_referral_wrap_per_user",
            ),
            models.UniqueConstraint(
                fields=("referral",), condition=Q(kind="case"), name="one_referral_case_wrap"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} wrap of referral {self.referral_id}"


class ReferralFile(models.Model):
    """A case file the volunteer agreed to share: the ciphertext on disk is the case's; its key
    and metadata are sealed again to the referral key, bound to this row's `uid`."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="files")
    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="+")
    sealed_key = models.BinaryField()
    meta = models.BinaryField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"file {self.uid} of referral {self.referral_id}"


class ReferralUpdate(SealedRow):
    """A step of the loop: a move of state, or an update written by the partner or the team.
    Any text is sealed to the referral key (`body`, empty for a bare move). `author` is empty
    when the volunteer or the clock moved it, or a remote partner reported with its code."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_partner = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"update {self.uid} of referral {self.referral_id}"


class Consent(models.Model):
    """The consent ledger: one row per decision, never edited. Which pieces, to which partner,
    for which referral (its purpose is sealed there), the version of the text shown, the
    language, the channel, who recorded it (empty when the volunteer decided in the inbox), when.
    The volunteer's decisions carry the day only (a seized database tells less about when they
    were online)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consents")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=12, choices=ConsentDecision.choices)
    pieces = models.JSONField(default=list)
    until = models.DateField(null=True, blank=True)
    text_version = models.CharField(max_length=16)
    language = models.CharField(max_length=12)
    channel = models.CharField(max_length=12, choices=ConsentChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"consent {self.decision} for referral {self.referral_id}"
