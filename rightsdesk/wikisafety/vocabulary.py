"""The wikisafety app's labels: stored values with their translated names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhraseKind(models.TextChoices):
    """What a protected volunteer registered (the same values as
    `detection.protected.ProtectedKind`): the label is clear, the value only a keyed hash."""

    NAME = "name", _("Real name")
    ADDRESS = "address", _("Address")
    PHONE = "phone", _("Phone number")
    EMPLOYER = "employer", _("Employer")
    FAMILY_NAME = "family_name", _("Family member's name")
    EMAIL = "email", _("E-mail address")
    USERNAME = "username", _("Account name on a wiki")
    # The keyed digest of a photo's SHA-1 (never the photo): a re-encoded copy is not caught.
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other identifier")


class ConsentMeans(models.TextChoices):
    """How the volunteer gave consent to registering their identifiers."""

    INBOX = "inbox", _("In writing, through the case inbox")
    MESSAGE = "message", _("In writing, by another channel")
    ORAL = "oral", _("Orally, to the handler")
