"""The form a handler fills in to protect a volunteer (the page and the API share its limits).

One text box per kind, one value per line, so it works without JavaScript on a phone; photos
arrive as files beside it and are reduced to their SHA-1 by the view (`photo_hashes`), which
then discards them. Nothing here is stored: the service keeps keyed digests only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rightsdesk.core.files import SpooledUpload
from rightsdesk.wikisafety.protection.services import MAX_ENTRIES, ProtectedEntry
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind

MAX_PHOTO_BYTES = 30_000_000
MAX_PHOTOS = 10

# The text boxes, in the order shown: (kind, help).
TEXT_KINDS = (
    (PhraseKind.NAME, _("As it could be written on the wiki; each spelling on a line of its own.")),
    (
        PhraseKind.USERNAME,
        _("Their user names: new accounts editing their user and talk pages are flagged."),
    ),
    (PhraseKind.ADDRESS, None),
    (PhraseKind.PHONE, _("With the country code, or as written in the case's country.")),
    (PhraseKind.EMAIL, None),
    (PhraseKind.EMPLOYER, None),
    (PhraseKind.FAMILY_NAME, None),
    (PhraseKind.OTHER, None),
)


class ProtectForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The volunteer agreed to this, knowing what is registered and why."),
        error_messages={"required": _("Record the volunteer's consent first.")},
    )
    consent_means = forms.ChoiceField(
        label=_("How they gave consent"),
        choices=ConsentMeans.choices,
        widget=forms.RadioSelect,
    )
    consent_given_at = forms.DateTimeField(
        label=_("When they gave consent"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, help_text in TEXT_KINDS:
            self.fields[f"values_{kind.value}"] = forms.CharField(
                label=kind.label,
                required=False,
                max_length=6000,
                help_text=help_text or _("One per line."),
                widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
            )

    def clean_consent_given_at(self) -> datetime:
        value: datetime = self.cleaned_data["consent_given_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The volunteer's consent cannot be dated in the future."))
        return value

    def entries(self, photos: Sequence[str] = ()) -> list[ProtectedEntry]:
        """The values typed, one entry per non-empty line, then one per photo's SHA-1."""
        found = []
        for kind, _help in TEXT_KINDS:
            for line in str(self.cleaned_data.get(f"values_{kind.value}", "")).splitlines():
                if line.strip():
                    found.append(ProtectedEntry(kind, line.strip()))
        found += [ProtectedEntry(PhraseKind.PHOTO, sha1) for sha1 in photos]
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and len(self.entries()) > MAX_ENTRIES:
            raise forms.ValidationError(
                _("Enter at most %(count)d things to protect at once.") % {"count": MAX_ENTRIES}
            )
        return cleaned


class PhotoRefused(ValueError):
    """A photo that cannot be read (too large, too many)."""


def photo_hashes(uploads: Sequence[SpooledUpload]) -> list[str]:
    """The SHA-1 of each uploaded photo (what the wiki reports for an upload), the uploads
    discarded whatever happens: the photo is never kept."""
    try:
        if len(uploads) > MAX_PHOTOS:
            raise PhotoRefused(
                str(_("Add at most %(count)d photos at once.") % {"count": MAX_PHOTOS})
            )
        hashes = []
        for upload in uploads:
            try:
                data = upload.plaintext(MAX_PHOTO_BYTES)
            except ValueError as error:
                raise PhotoRefused(str(_("A photo is larger than 30 MB."))) from error
            hashes.append(hashlib.sha1(data).hexdigest())  # noqa: S324 - MediaWiki's own hash
            del data
        return hashes
    finally:
        for upload in uploads:
            upload.discard()
