"""The form of the "Linked cases" block: which case, and what kind of link."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from rightsdesk.cases.links.services import NUMBER_MAX
from rightsdesk.cases.models import CaseLink


class LinkForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Case number"), max_length=NUMBER_MAX)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of link"), choices=CaseLink.Kind.choices)
