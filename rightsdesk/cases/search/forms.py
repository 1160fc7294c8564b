"""The search form: words and filters, shared by the search page and the API's limits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.search.metadata import SearchFilters
from rightsdesk.cases.vocabulary import Priority, Status, ThreatType


class SearchForm(forms.Form):
    # The length is checked with the words (text.query_terms), so every bad query gets one message.
    q = forms.CharField(label=_("Words to find"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("Any priority")), *Priority.choices], required=False
    )
    threat_type = forms.ChoiceField(
        label=_("Threat types"),
        choices=[("", _("Any threat type")), *ThreatType.choices],
        required=False,
    )

    def filters(self) -> SearchFilters:
        """The chosen filters; call after `is_valid()`."""
        data: dict[str, Any] = self.cleaned_data
        return SearchFilters(
            status=data["status"], priority=data["priority"], threat_type=data["threat_type"]
        )
