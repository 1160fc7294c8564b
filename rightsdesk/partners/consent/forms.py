"""The volunteer's answers: agree (with the pieces left ticked) or decline, and withdraw. Each
carries the referral's `version` as the page showed it, so a page that is out of date (the team
or the partner moved the referral since) changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

AGREE = "agree"
DECLINE = "decline"


class AnswerForm(forms.Form):
    """`pieces` may only name what the referral proposes (`proposed`); none ticked is valid
    here (the service refuses an agreement to share nothing, with its own message)."""

    answer = forms.ChoiceField(choices=((AGREE, _("Agree")), (DECLINE, _("Decline"))))
    pieces = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, proposed: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pieces = cast(forms.MultipleChoiceField, self.fields["pieces"])
        pieces.choices = [(code, code) for code in proposed]
        pieces.error_messages["invalid_choice"] = _("Only what the team proposed can be shared.")


class WithdrawForm(forms.Form):
    """`confirm` is "yes" only from the confirmation page's button: the first POST (or a GET)
    only shows what withdrawing does."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    confirm = forms.CharField(required=False, max_length=3)
