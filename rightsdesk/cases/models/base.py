"""The shape every sealed child row of a case shares.

A message, a note, a crisis decision, a triage step and a search entry each hold text a person
typed, sealed to a key (the case's, or one reader's), and bound by associated data to the row's
own `uid`, so a sealed body copied onto another row does not open. Keeping the fields in one
abstract base keeps that binding uniform: `uid` is fixed before the body is sealed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SealedRow(models.Model):
    """A row whose `body` is sealed and bound to `uid` (see rightsdesk.cases.content)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.BinaryField()

    class Meta:
        abstract = True


class AuthoredSealedRow(SealedRow):
    """A sealed row someone on the team (or the reporter, when `author` is empty) wrote."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
