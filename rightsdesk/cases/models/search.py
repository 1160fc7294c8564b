"""Per-reader encrypted search entries (rightsdesk.cases.search)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models.base import SealedRow
from rightsdesk.cases.models.case import Case


class SearchEntry(SealedRow):
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
    kind = models.CharField(max_length=8, choices=Kind.choices)

    class Meta:
        indexes = (models.Index(fields=("user", "kind"), name="searchentry_user_kind"),)

    def __str__(self) -> str:
        return f"search entry of {self.case_id} for {self.user_id}"
