"""What a partner user posts: a move of the referral (with a reason code to decline, an outcome
code to end it, and an optional note), or an update. Each carries the referral's `version` as the
page showed it: a page that is out of date changes nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.partners.services.loop import UPDATE_MAX
from rightsdesk.partners.vocabulary import PARTNER_MOVES, DeclineReason, Outcome, State

MOVES = [(value, label) for value, label in State.choices if value in PARTNER_MOVES]


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(choices=MOVES, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Why you decline"), choices=[("", "—"), *DeclineReason.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    note = forms.CharField(
        label=_("Note for the team (optional)"),
        max_length=UPDATE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class UpdateForm(forms.Form):
    note = forms.CharField(
        label=_("Update for the team"),
        max_length=UPDATE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the update first.")},
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
