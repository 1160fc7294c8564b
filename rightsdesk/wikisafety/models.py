"""Protected volunteers: what must never be published about them, as keyed hashes only.

A handler registers, with the volunteer's recorded consent, the volunteer's real name,
addresses, phone numbers, employer, family names. Each value is normalised and stored only as
keyed BLAKE2b digests of its phrases (rightsdesk.wikisafety.detection.protected,
rightsdesk.wikisafety.keys): the key is a server sub-key outside the database, so a copy of the
database can be neither read nor searched with a list of names. Clear columns (the case, who
recorded consent and when, how, the kinds registered, each phrase's kind and part count) are
listed in docs/security/crypto.md with their reasons.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The wiki side (the watcher, removal) lives in its own module; imported here so Django finds it.
from rightsdesk.wikisafety.models_incidents import IncidentReport
from rightsdesk.wikisafety.models_queue import EVALUATE_PERMISSION, Finding, FindingDecision
from rightsdesk.wikisafety.models_wikis import (
    REMOVE_PERMISSION,
    Removal,
    SeenRevision,
    WatcherStatus,
    WatchPosition,
    Wiki,
)
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind

_USER = settings.AUTH_USER_MODEL


class ProtectedVolunteer(models.Model):
    """A volunteer in a case whose identifiers the watcher looks for in every new edit."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    # Consent: who recorded it, when the volunteer gave it, and how.
    consent_recorded_by = models.ForeignKey(
        _USER, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_given_at = models.DateTimeField(_("when consent was given"))
    consent_means = models.CharField(
        _("how consent was given"), max_length=12, choices=ConsentMeans.choices
    )
    registered_at = models.DateTimeField()
    # The kinds registered, as clear labels (PhraseKind values), so the team sees what is
    # covered without a key ("name, phone") and a hit can be paged as P1 by kind.
    kinds = models.JSONField(default=list)
    # Consent withdrawn or the case closed: the phrases are deleted, the row stays for the audit.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-registered_at", "id")

    def __str__(self) -> str:
        return f"protected volunteer {self.uid}"

    @property
    def kind_labels(self) -> list[str]:
        """The kinds registered, as their translated labels (for the pages)."""
        return [str(PhraseKind(k).label) if k in PhraseKind.values else k for k in self.kinds]


class ProtectedPhrase(models.Model):
    """One keyed digest of (part of) one registered value; never the value."""

    volunteer = models.ForeignKey(
        ProtectedVolunteer, on_delete=models.CASCADE, related_name="phrases"
    )
    # Which registered value of the volunteer this digest belongs to (0, 1, ...).
    phrase = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=PhraseKind.choices)
    # Hex keyed BLAKE2b-256 of "t:" + a normalised phrase of at most four words, or of
    # "p:" + an E.164 number.
    digest = models.CharField(max_length=64, db_index=True)
    part = models.PositiveSmallIntegerField(default=0)
    parts = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ("volunteer", "phrase", "part")
        constraints = (
            models.UniqueConstraint(
                fields=("volunteer", "phrase", "part"), name="wikisafety_phrase_part_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} phrase {self.phrase}.{self.part}"


__all__ = [
    "EVALUATE_PERMISSION",
    "REMOVE_PERMISSION",
    "Finding",
    "FindingDecision",
    "IncidentReport",
    "ProtectedPhrase",
    "ProtectedVolunteer",
    "Removal",
    "SeenRevision",
    "WatchPosition",
    "WatcherStatus",
    "Wiki",
]
