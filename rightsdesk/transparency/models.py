"""The differential-privacy budget ledger: each year's epsilon for trend charts and every spend
from it. Clear metadata only (years, amounts, a table definition's name from code, who spent);
listed in docs/security/crypto.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.transparency.disclosure import rules_label


class PrivacyBudget(models.Model):
    """A year's budget. Spends lock this row, so two at once cannot both take the last of it."""

    year = models.PositiveSmallIntegerField(unique=True)
    epsilon = models.DecimalField(max_digits=6, decimal_places=3)

    def __str__(self) -> str:
        return f"{self.year}: {self.epsilon}"


class BudgetSpend(models.Model):
    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="spends")
    epsilon = models.DecimalField(max_digits=6, decimal_places=3)
    # a table definition's name, from code (never typed by a person)
    table = models.CharField(max_length=120)
    spent_at = models.DateTimeField()
    spent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # the release whose trend chart drew the noise (set in the transaction that writes it)
    release = models.ForeignKey(
        "Release", null=True, blank=True, on_delete=models.PROTECT, related_name="spends"
    )

    class Meta:
        ordering = ("spent_at", "pk")

    def __str__(self) -> str:
        return f"{self.table}: {self.epsilon}"


class Release(models.Model):
    """A frozen set of published tables (docs/transparency.md, "Releases").

    Clear metadata only, listed in docs/security/crypto.md: the period, the rule set, the
    table definitions' names and hash, the counts (`snapshot`, for staff: what was counted and
    what the rules decided) and `published` (exactly what the public pages, CSV and API show;
    no suppressed number is in it). Nothing typed by a person is stored here; the board's
    examples written by staff are sealed apart (`BoardExample`). Once approved, `snapshot`,
    `published` and `notes` never change (`save` refuses); a withdrawal only hides it.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public report")
        BOARD = "board", _("Board pack")

    slug = models.SlugField(max_length=32, unique=True)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    # "2026-H1" (public: a half-year) or "2026-Q3" (board: the four quarters ending there)
    period = models.CharField(max_length=8)
    start = models.DateField()
    end = models.DateField()  # the day after the period's last
    rules_name = models.CharField(max_length=16)
    rules_version = models.CharField(max_length=8)
    threshold = models.PositiveSmallIntegerField()
    protection = models.PositiveSmallIntegerField()
    # [{"name": ..., "version": ...}] and a hash of the definitions (tables.definition_hash)
    tables = models.JSONField(default=list)
    definition_hash = models.CharField(max_length=16)
    snapshot = models.JSONField(default=dict)
    published = models.JSONField(default=dict)
    # the note as drafted, in English (the pages word it again in the reader's language)
    notes = models.JSONField(default=list)
    # the approved release this one was protected against (pattern and difference check)
    earlier = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-start", "-drafted_at", "-id")
        permissions = (("publish_transparency", "Can approve and withdraw transparency releases"),)

    def __str__(self) -> str:
        return self.slug

    FROZEN = ("snapshot", "published", "notes", "tables", "definition_hash", "start", "end")

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            before = Release.objects.filter(pk=self.pk, approved_at__isnull=False).first()
            if before is not None and any(
                getattr(before, name) != getattr(self, name) for name in self.FROZEN
            ):
                raise ValueError("an approved release is frozen")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def rules_label(self) -> str:
        """The rule set's name for a page ("public" is a code, never shown as such)."""
        return rules_label(self.rules_name)

    @property
    def state(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        return "approved" if self.approved_at is not None else "draft"

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC and self.state == "approved"


class BoardExample(models.Model):
    """The board pack's examples written by staff: free text, so sealed, one copy to each admin
    who had a key when it was written (bound to the release and the reader). Never public."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="examples")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("release", "reader"), name="board_example_reader"),
        )

    def __str__(self) -> str:
        return f"{self.release_id}:{self.reader_id}"
