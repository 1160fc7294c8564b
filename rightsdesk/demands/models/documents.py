"""The demand's documents (encrypted files, like due-diligence evidence) and its Lumen-style
notice for publication: the original text and the redacted one sealed, the review clear."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from rightsdesk.demands.models.demand import Demand
from rightsdesk.demands.vocabulary import NoticeState

_USER = settings.AUTH_USER_MODEL


class DemandDocument(models.Model):
    """A file stored encrypted (rightsdesk.core.files) under a file key sealed to the demand
    (`key`); its name and type sealed too (`meta`)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="documents")
    added_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField()
    stored_size = models.PositiveBigIntegerField()
    key = models.BinaryField()
    meta = models.BinaryField()

    class Meta:
        ordering = ("added_at", "id")

    def __str__(self) -> str:
        return f"document {self.uid}"


class PublicNotice(models.Model):
    """The notice as it would be published (Lumen's body / body_original): sealed JSON
    {"redacted", "names"} bound to (uid, "body"); the original stays in the demand's sealed
    text. Prepared by one person, approved by another before any export."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demand = models.OneToOneField(Demand, on_delete=models.CASCADE, related_name="notice")
    state = models.CharField(max_length=10, choices=NoticeState.choices, default=NoticeState.DRAFT)
    prepared_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    prepared_at = models.DateTimeField()
    approved_by = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # How many of each kind were masked (clear counts, for the reviewer and the audit).
    masked = models.JSONField(default=dict)
    body = models.BinaryField()
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"notice {self.uid}"
