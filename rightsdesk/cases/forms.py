"""Staff forms on a case. They parse only; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.vocabulary import Priority, Status
from rightsdesk.intake.forms import MESSAGE_MAX


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the reporter"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason (needed to close an unacknowledged P1)"), max_length=300, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the reporter)"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Give access to"), max_length=150)


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
    )
    # MAX_REASON in editing.py; too long is refused with Django's translated message, not cut.
    reason = forms.CharField(label=_("Why (required)"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LabelsForm(forms.Form):
    labels = forms.CharField(
        label=_("Labels"),
        help_text=_(
            "Short team labels separated by commas, such as wave-2026-11. Not encrypted: no names."
        ),
        max_length=500,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
