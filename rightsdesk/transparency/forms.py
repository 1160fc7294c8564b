"""The one form of the release pages: draft a release for a period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import EXAMPLES_MAX
from rightsdesk.transparency.tables import registry


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
    noisy = forms.MultipleChoiceField(
        label=_("Trend charts drawn with differential privacy (board pack)"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Instead of hiding small numbers, the chart's numbers get random noise. Each chart "
            "chosen spends the epsilon below from this year's budget; a spend the budget "
            "cannot cover is refused."
        ),
    )
    epsilon = forms.DecimalField(
        label=_("Epsilon for each noisy chart"),
        required=False,
        min_value=Decimal("0.001"),
        max_value=Decimal(10),
        decimal_places=3,
        initial=Decimal("0.5"),
        help_text=_("Smaller is more private and noisier. Between 0.001 and 10."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["noisy"].choices = [  # type: ignore[attr-defined]
            (d.name, d.title) for d in registry().values() if d.trend
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("noisy") and data.get("epsilon") is None:
            self.add_error("epsilon", _("Give the epsilon to spend on each noisy chart."))
        return data

    def noisy_tables(self) -> dict[str, Decimal]:
        """The chosen trend tables, each with the epsilon (call after `is_valid`)."""
        epsilon = self.cleaned_data.get("epsilon")
        return {name: epsilon for name in self.cleaned_data.get("noisy") or () if epsilon}
