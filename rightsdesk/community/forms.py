"""Public sign-up forms and the staff event form; every message is translated."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rightsdesk.community.models import Event, Interest, MemberKind

REGION_CHOICES = [
    ("africa", _("Africa")),
    ("americas", _("The Americas")),
    ("asia_pacific", _("Asia and the Pacific")),
    ("europe", _("Europe")),
    ("mena", _("Middle East and North Africa")),
]


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class MemberForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("A name or pseudonym"),
        help_text=_("It does not need to be your real name."),
        max_length=80,
    )
    kind = forms.ChoiceField(
        label=_("You join as"), choices=MemberKind.choices, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions you care about"),
        choices=REGION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        help_text=_("Only to reach you. Stored encrypted; we send a link to confirm it."),
        required=False,
        max_length=254,
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("A name or pseudonym"), max_length=80)
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        help_text=_("Only for a reminder the day before and your cancellation link."),
        required=False,
        max_length=254,
    )


class TimezoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"), choices=timezone_choices, required=False)


class EventForm(forms.ModelForm[Event]):
    timezone = forms.ChoiceField(
        label=_("Time zone of the times above"), choices=timezone_choices, initial="UTC"
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=language_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = (
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "languages",
            "online_url",
            "place",
            "capacity",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = zoneinfo.ZoneInfo(data.get("timezone") or "UTC")
        for name in ("starts_at", "ends_at"):
            value: datetime | None = data.get(name)
            if value is not None:
                # The staff member typed wall-clock time in `zone`; store the instant in UTC.
                data[name] = value.replace(tzinfo=zone).astimezone(zoneinfo.ZoneInfo("UTC"))
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if not data.get("online_url") and not data.get("place"):
            self.add_error("place", _("Give an online link or a place."))
        if "languages" in data:
            data["languages"] = ",".join(data["languages"])
        return data
