"""The reporter's inbox sessions. Reports themselves are `cases.Case`."""

from __future__ import annotations

from django.db import models

from rightsdesk.cases.models import Case


class InboxSession(models.Model):
    """A reporter signed in with their receipt (browser cookie or API token).

    Holds the case key sealed under the token (rightsdesk.core.tokens); the token itself is only
    with the reporter. Expires quickly when idle and is deleted at sign-out.
    """

    token_digest = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    sealed_key = models.BinaryField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"inbox session {self.token_digest[:8]}"


class SpentTicket(models.Model):
    """Digest of a report-form ticket, or of an API client's idempotency key, already used to
    send a report (kept one day).

    For an API key only, `sealed_receipt` holds the receipt for `replay_until` (minutes), sealed
    under a key derived from the client's idempotency key and the server key together, so a
    client whose connection broke can ask again (rightsdesk.intake.idempotency); empty after.
    """

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    sealed_receipt = models.BinaryField(default=b"", blank=True)
    replay_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"spent ticket {self.digest[:8]}"
