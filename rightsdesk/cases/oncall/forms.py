"""Forms of the rota page. They parse only (a local time in a named zone becomes an instant);
`oncall.services` decides what may be saved."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import OnCallShift
from rightsdesk.cases.oncall.workhours import known_zones

ZONE_MAX = 64  # User.time_zone's length; the longest IANA name is 32


class ZoneField(forms.CharField):
    """An IANA zone name typed or picked from the page's list (a datalist: works without JS)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", ZONE_MAX)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"list": "zones", "autocomplete": "off", "dir": "ltr"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        zone = str(super().clean(value)).strip()
        if zone not in known_zones():
            raise forms.ValidationError(
                _("Unknown time zone: choose one from the list, e.g. Europe/Berlin."),
                code="zone",
            )
        return zone


class LocalTimeField(forms.CharField):
    """A date and time with no zone ("2026-03-29T09:00"), as a datetime-local input sends it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> datetime:
        text = str(super().clean(value)).strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a date and time like 2026-03-29 09:00."), code="invalid"
            ) from None
        if parsed.tzinfo is not None:
            raise forms.ValidationError(
                _("Enter the time without a zone; choose the zone below."), code="invalid"
            )
        return parsed


def in_zone(local: datetime, zone: ZoneInfo) -> datetime | None:
    """The instant `local` names in `zone`, or None if the clocks skip it (a DST change).

    A time the clocks pass twice (autumn) is taken at its first occurrence.
    """
    instant = local.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        return None
    return instant


class ShiftForm(forms.Form):
    # No max_length: it would put a maxlength attribute on the <select>; the validator keeps the
    # limit (User.username's length).
    person = forms.CharField(
        label=_("Person"), widget=forms.Select, validators=[MaxLengthValidator(150)]
    )
    role = forms.ChoiceField(label=_("Role"), choices=OnCallShift.Role.choices)
    starts = LocalTimeField(label=_("From"))
    ends = LocalTimeField(label=_("Until"))
    zone = ZoneField(label=_("Time zone of these times"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(
            is_active=True, role__in=(User.Role.ADMIN, User.Role.HANDLER)
        ).order_by("username")
        person = self.fields["person"]
        person.widget.choices = [(u.username, u.username) for u in people]

    def clean_person(self) -> User:
        # Any existing account is accepted here, active or not: the rota service refuses an
        # inactive one with a message that says so.
        user = User.objects.filter(username=self.cleaned_data["person"]).first()
        if user is None or not user.is_team:
            raise forms.ValidationError(_("Choose a team member from the list."), code="person")
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("zone")
        for name in ("starts", "ends"):
            if zone and isinstance(data.get(name), datetime):
                instant = in_zone(data[name], ZoneInfo(zone))
                if instant is None:
                    self.add_error(
                        name,
                        _("This time does not exist in that zone (the clocks skip it)."),
                    )
                else:
                    data[f"{name}_at"] = instant
        return data


class TimeZoneForm(forms.Form):
    time_zone = ZoneField(label=_("Your time zone"))
