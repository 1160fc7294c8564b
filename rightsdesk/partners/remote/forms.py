"""The report-back form for partners without accounts (shared by the page; the API has none: a
partner without accounts has no token)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.partners.services.loop import UPDATE_MAX
from rightsdesk.partners.vocabulary import PARTNER_MOVES, DeclineReason, Outcome, State

CODE_MAX = 64
# The partner's steps, in the order they happen.
STEPS = [(state, label) for state, label in State.choices if state in PARTNER_MOVES]


class ReportBackForm(forms.Form):
    code = forms.CharField(
        label=_("The code from the referral"),
        help_text=_(
            "20 digits, in referral.txt inside the encrypted message, or the next code "
            "this page gave you last time."
        ),
        max_length=CODE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    state = forms.ChoiceField(
        label=_("Where the referral stands now"), choices=STEPS, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("If you decline: why"),
        choices=DeclineReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("If it has ended (completed or failed): the outcome"),
        choices=Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A note for the team (optional)"),
        help_text=_("Write only what the team needs; it is encrypted and shown with the case."),
        max_length=UPDATE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        state = data.get("state")
        if state == State.DECLINED and not data.get("reason"):
            self.add_error("reason", _("Choose why you decline."))
        if state in (State.COMPLETED, State.FAILED) and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome."))
        return data
