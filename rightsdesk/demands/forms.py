"""Parsing and limits for demands, shared by the pages and the API. Choices come from the
vocabulary (and, for the DSA export, from the schema kept in the repo), so a code nobody knows
never reaches a service (which checks again, for every other caller)."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rightsdesk.accounts.models import User
from rightsdesk.demands import vocabulary as v
from rightsdesk.demands.services.exports import SCHEMA

TEXT = 4000
LONG = 20000


def _text(label: Any, *, limit: int = TEXT, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        **kw,
    )


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now() -> list[tuple[str, str]]:
        return [("", "—"), *v.country_choices(get_language() or "en")]


class DemandForm(forms.Form):
    requester_kind = forms.ChoiceField(label=_("Who asks"), choices=v.RequesterKind.choices)
    requester_name = forms.CharField(
        label=_("Requester's name (sealed)"), max_length=300, required=False
    )
    country = CountryField(label=_("Requester's country"))
    instrument = forms.ChoiceField(label=_("Instrument"), choices=v.Instrument.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=v.Channel.choices)
    sent_on = _date(_("Sent on"))
    received_on = _date(_("Received on"), required=True)
    deadline = _date(_("Deadline"))
    gag_order = forms.BooleanField(label=_("A gag order comes with it"), required=False)
    gag_until = _date(_("The gag order ends on"))
    asks = forms.MultipleChoiceField(
        label=_("What it asks for"), choices=v.Ask.choices, widget=forms.CheckboxSelectMultiple
    )
    laws = _text(_("Laws cited (sealed)"), limit=2000)
    reference = forms.CharField(label=_("Their reference (sealed)"), max_length=200, required=False)
    summary = _text(_("What exactly is asked (sealed)"))
    text = _text(_("The demand's text as received (sealed)"), limit=LONG)
    accounts = _text(
        _("Accounts concerned, one a line (sealed)"),
        help_text=_("User names or ids. Never in any other field."),
    )
    pages = _text(_("Pages concerned, one a line (sealed)"))
    cases = forms.CharField(
        label=_("Linked case numbers (sealed)"),
        max_length=500,
        required=False,
        help_text=_("Cases of the volunteers concerned, separated by spaces or commas."),
    )

    def clean_accounts(self) -> list[str]:
        return _lines(self.cleaned_data.get("accounts", ""))

    def clean_pages(self) -> list[str]:
        return _lines(self.cleaned_data.get("pages", ""))

    def clean_cases(self) -> list[str]:
        numbers = [n for n in re.split(r"[\s,;]+", self.cleaned_data.get("cases", "")) if n]
        return sorted({n.upper() for n in numbers})


class MoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=v.State.choices)
    note = _text(_("Why (sealed)"))
    affected = forms.IntegerField(
        label=_("Accounts actually affected"), min_value=0, max_value=100000, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GrantForm(forms.Form):
    reader = forms.ModelChoiceField(
        label=_("Give access to"), queryset=User.objects.none(), to_field_name="username"
    )

    def __init__(self, *args: Any, demand: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from rightsdesk.demands.selectors import grantable_users, handlers  # noqa: PLC0415

        field = self.fields["reader"]
        field.queryset = grantable_users(demand) if demand is not None else handlers()  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    """Whose access to remove: a reader by username (the button beside each reader)."""

    reader = forms.ModelChoiceField(
        label=_("Team member"),
        queryset=User.objects.all(),
        to_field_name="username",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This person has no access to revoke.")},
    )


class ReviewForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"), choices=v.ReviewItem.choices)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=v.Verdict.choices)
    note = _text(_("Reviewer's note (sealed)"), required=True)


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(label=_("I approve"), choices=v.Decision.choices)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=v.Decision.choices)
    note = _text(_("Reasons (sealed)"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NotificationForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Notifying the user"), choices=v.Notify.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Reason for a delay"),
        choices=[("", "—"), *v.DelayReason.choices],
        required=False,
    )
    review_on = _date(_("Review the delay on"))
    message = _text(_("Message to the user (sealed)"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NotifiedForm(forms.Form):
    notified = forms.IntegerField(
        label=_("Account holders notified"), min_value=1, max_value=100000, initial=1
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoticeForm(forms.Form):
    names = _text(
        _("Names of private people to mask, one a line (sealed)"),
        help_text=_("Phone numbers, e-mail addresses and ID numbers are masked anyway."),
    )

    def clean_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("names", ""))


def _enum(name: str, *, items: bool = False) -> list[tuple[str, str]]:
    """The schema's codes for a field. The "other" codes are left out: the Transparency Database
    then requires a free-text "..._other" field, which this form does not collect."""
    prop = json.loads(SCHEMA.read_text())["properties"][name]
    values = prop["items"]["enum"] if items else prop["enum"]
    return [
        (value, value.split("_", 2)[-1].replace("_", " ").capitalize())
        for value in values
        if not value.endswith("_OTHER")
    ]


class DsaForm(forms.Form):
    decision_visibility = forms.MultipleChoiceField(
        label=_("Restriction"),
        choices=_enum("decision_visibility", items=True),
        widget=forms.CheckboxSelectMultiple,
    )
    decision_ground = forms.ChoiceField(label=_("Ground"), choices=_enum("decision_ground"))
    category = forms.ChoiceField(label=_("Category"), choices=_enum("category"))
    content_type = forms.MultipleChoiceField(
        label=_("Content type"),
        choices=_enum("content_type", items=True),
        widget=forms.CheckboxSelectMultiple,
    )
    territorial_scope = forms.MultipleChoiceField(
        label=_("Territorial scope (EU/EEA)"),
        choices=_enum("territorial_scope", items=True),
        required=False,
    )
    content_date = _date(_("Date of the content"), required=True)
    legal_ground = forms.CharField(label=_("Legal or contractual ground"), max_length=500)
    explanation = _text(_("Why the content falls under it"), limit=2000, required=True)
    facts = _text(_("Facts and circumstances (published)"), limit=5000, required=True)

    def clean_content_date(self) -> str:
        return str(self.cleaned_data["content_date"].isoformat())
