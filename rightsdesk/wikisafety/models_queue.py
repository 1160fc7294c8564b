"""The evaluation queue's data: what detection found in one new revision.

Nothing of the personal data is stored: a finding holds the kinds found, the recognisers that
fired, and where (character spans into the text the edit added, which `detection.added_text`
computes again from the two revisions the bot can always read, even once suppressed). The team's
page fetches the revision through the bot to show the context, masked unless someone reveals it
(audited). The protected volunteers named are linked by row; their identifiers exist only as
keyed hashes (models.ProtectedPhrase).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.wikisafety.models_wikis import SeenRevision


class Finding(models.Model):
    """One revision in which detection found personal data or a protected volunteer."""

    class State(models.TextChoices):
        NEW = "new", _("To evaluate")
        FALSE_POSITIVE = "false_positive", _("False positive")
        DOXXING = "doxxing", _("Doxxing")
        HARASSMENT = "harassment", _("Other harassment")
        NOT_OURS = "not_ours", _("Not ours to handle")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    revision = models.OneToOneField(SeenRevision, on_delete=models.CASCADE, related_name="finding")
    found_at = models.DateTimeField()
    # Detection's labels (detection.hits.Kind values), the recognisers' names, and [start, end,
    # kind] spans into the added text: no value, no context.
    kinds = models.JSONField(default=list)
    recognisers = models.JSONField(default=list)
    spans = models.JSONField(default=list)
    protected = models.ManyToManyField(
        "wikisafety.ProtectedVolunteer", blank=True, related_name="findings"
    )
    # "P1" when a protected volunteer is named: the on-call team is paged.
    priority = models.CharField(max_length=2, blank=True, default="")
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-priority", "found_at")
        indexes = (models.Index(fields=("state", "found_at")),)

    def __str__(self) -> str:
        return f"finding {self.uid}"
