"""Forms of the crisis block on a case page: a decision for the log, and the closing review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DECISION_MAX = 2_000
REVIEW_MAX = 10_000


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), max_length=DECISION_MAX)


class CloseForm(forms.Form):
    review = forms.CharField(label=_("Post-incident review"), max_length=REVIEW_MAX)
