"""The evaluation queue's data: what detection found in one new revision.

Nothing of the personal data is stored: a finding holds the kinds found, the recognisers that
fired, and where (character spans into the text the edit added, which `detection.added_text`
computes again from the two revisions the bot can always read, even once suppressed). The team's
page fetches the revision through the bot to show the context, masked unless someone reveals it
(audited). The protected volunteers named are linked by row; their identifiers exist only as
keyed hashes (models.ProtectedPhrase).

A decision (`FindingDecision`, one row each, the finding's `state` being the last one) may link
the finding to a case; the note typed with it is sealed: to the case's public key when the
decision names a case (only the case's readers open it), else under the `wiki-note` server
sub-key (queue/notes.py). `version` is the finding's optimistic lock: two people deciding at
once, the second is refused.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.wikisafety.models_wikis import SeenRevision

EVALUATE_PERMISSION = "evaluate_findings"


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
    # The case the last decision opened or joined (the case page shows the finding).
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-priority", "found_at")
        indexes = (models.Index(fields=("state", "found_at")),)
        permissions = ((EVALUATE_PERMISSION, "May read and decide the wikis' evaluation queue"),)

    def __str__(self) -> str:
        return f"finding {self.uid}"


class FindingDecision(models.Model):
    """One decision on a finding: what, by whom, when, the case it opened or joined, and the
    note typed with it (sealed, see the module)."""

    class NoteKey(models.TextChoices):
        NONE = "", "none"
        CASE = "case", "the case's public key"
        SERVER = "server", "the wiki-note server sub-key"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="decisions")
    state = models.CharField(max_length=16, choices=Finding.State.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_case = models.BooleanField(default=False)
    note = models.BinaryField(default=b"")
    note_key = models.CharField(max_length=8, blank=True, default="", choices=NoteKey.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"decision {self.uid} on finding {self.finding_id}"
