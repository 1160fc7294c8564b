"""Links between related cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models.case import Case


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
