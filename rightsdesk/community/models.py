"""Interest-group members, events and sign-ups.

Mail addresses are never stored in the clear: each is encrypted with the community key (kept in
the key directory, not in the database; see memberkeys) and bound to its row and field, and a
keyed digest of the normalised address finds duplicates. A copy of the database alone reveals
no address.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberKind(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    AFFILIATE = "affiliate", _("A Wikimedia affiliate (chapter, user group)")
    ORGANISATION = "organisation", _("An organisation")


class Interest(models.TextChoices):
    CONTENT_GAPS = "content_gaps", _("Human rights content gaps")
    SAFETY = "safety", _("Digital safety")
    POLICY = "policy", _("Policy and human rights")


class Member(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pseudonym = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=MemberKind.choices)
    languages = models.CharField(max_length=200, blank=True)
    regions = models.CharField(max_length=200, blank=True)
    interests = models.CharField(max_length=100, blank=True)
    email_ciphertext = models.BinaryField(null=True, blank=True)
    # NULL when there is no address, so that unique ignores those rows.
    email_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    email_confirmed = models.BooleanField(default=False)
    joined_on = models.DateField()

    class Meta:
        db_table = "community_member"
        ordering = ("joined_on", "pseudonym")

    def __str__(self) -> str:
        return self.pseudonym


class EventKind(models.TextChoices):
    OFFICE_HOURS = "office_hours", _("Office hours")
    CONVERSATION_HOURS = "conversation_hours", _("Conversation hours")
    TRAINING = "training", _("Training")
    EDITATHON = "editathon", _("Edit-a-thon")
    TRANSLATATHON = "translatathon", _("Translate-a-thon")


class Event(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField(help_text=_("Stored in UTC."))
    ends_at = models.DateTimeField()
    languages = models.CharField(max_length=200, blank=True)
    online_url = models.URLField(blank=True)
    place = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "community_event"
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=80)
    email_ciphertext = models.BinaryField(null=True, blank=True)
    # NULL, not "", when there is no address: the unique constraint must ignore those rows.
    email_digest = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - see above
    waitlisted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "community_registration"
        ordering = ("created_at",)
        constraints = [  # noqa: RUF012 - Django reads Meta once; never mutated
            models.UniqueConstraint(
                fields=("event", "email_digest"), name="community_registration_one_per_mail"
            )
        ]

    def __str__(self) -> str:
        return self.name
