"""The evaluation queue's forms: the list's filter, deciding, removing, undoing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.wikisafety.models import Finding
from rightsdesk.wikisafety.queue.rules import DECISIONS

PART_CHOICES = (
    ("content", _("The revision's text")),
    ("comment", _("The edit summary")),
    ("user", _("The editor's user name")),
)
REASON_CHOICES = (
    ("personal-data", _("Personal information (privacy policy)")),
    ("harassment", _("Harassment (universal code of conduct)")),
    ("other", _("Other (trust and safety team)")),
)
CASE_CHOICES = (
    ("none", _("No case")),
    ("open", _("Open a new case")),
    ("join", _("Join an existing case")),
)


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=(("", _("Any state")), *Finding.State.choices),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=(("", _("Any priority")), ("P1", "P1"))
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(d, Finding.State(d).label) for d in DECISIONS],
    )
    case_action = forms.ChoiceField(
        label=_("Case"), widget=forms.RadioSelect, choices=CASE_CHOICES, initial="none"
    )
    case_number = forms.CharField(
        label=_("Number of the case to join"),
        required=False,
        max_length=20,
        help_text=_("Only a case you may read, e.g. RD-7K2M9QXA."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sealed: to the case when you open or join one."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("case_action") == "join" and not (data.get("case_number") or "").strip():
            self.add_error("case_number", _("Enter the number of the case to join."))
        return data


class RemoveForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label=_("What to hide"),
        widget=forms.CheckboxSelectMultiple,
        choices=PART_CHOICES,
        initial=["content"],
    )
    suppress = forms.BooleanField(
        label=_("Suppress: hide it from the wiki's administrators too (personal data)"),
        required=False,
        initial=True,
    )
    reason = forms.ChoiceField(
        label=_("Reason the wiki logs (neutral, never the data)"), choices=REASON_CHOICES
    )


class UndoForm(forms.Form):
    removal = forms.UUIDField(widget=forms.HiddenInput)
