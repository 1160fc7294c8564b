"""The one form of the release pages: draft a release for a period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import EXAMPLES_MAX


class DraftForm(forms.Form):
    audience = forms.ChoiceField(label=_("Release"), choices=Release.Audience.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_(
            "Public report: a half-year, such as 2026-H1. Board pack: the last of the four "
            "quarters, such as 2026-Q3."
        ),
    )
    examples = forms.CharField(
        label=_("Examples written by staff (board pack only)"),
        required=False,
        max_length=EXAMPLES_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Sealed: only the team's admins can read it. Never write a name or anything that "
            "could point at a volunteer."
        ),
    )
