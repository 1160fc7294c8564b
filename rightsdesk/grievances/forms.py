"""Grievance forms: parsing, limits and translated messages, shared by the pages and the API.

The public form is one page (every field works without JavaScript; files are chosen on the same
page), with the intake's single-use ticket against double submits. Reasons, evidence and other
texts that a service must refuse with its own clear message when missing are optional here, so
the service's refusal is what the person reads.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rightsdesk.grievances.content import Filing
from rightsdesk.grievances.filing import FilingMetadata
from rightsdesk.grievances.vocabulary import (
    AppealOutcome,
    Category,
    Channel,
    Concerns,
    Learning,
    Outcome,
    RemedyKind,
    RemedyView,
    Stage,
)
from rightsdesk.intake.forms import ReportForm

WHAT_MAX = 20_000
TEXT_MAX = 5_000
SHORT_MAX = 500


def _limit(n: int) -> Any:
    return format_lazy(_("Up to {n} characters."), n=f"{n:,}")


def _area(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class GrievanceForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of harm is it?"), choices=Category.choices, widget=forms.RadioSelect
    )
    concerns = forms.ChoiceField(
        label=_("What does it concern?"), choices=Concerns.choices, widget=forms.RadioSelect
    )
    concerns_detail = forms.CharField(
        label=_("Which one? (optional)"),
        required=False,
        max_length=SHORT_MAX,
        help_text=_("The project, product, programme, grant, event or staff action, by name."),
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=WHAT_MAX,
        widget=_area(8),
        help_text=_limit(WHAT_MAX),
        error_messages={"required": _("Tell us what happened.")},
    )
    affected = forms.CharField(
        label=_("Who is affected? (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=_area(3),
        help_text=_("You, someone else, a group. You do not have to give names."),
    )
    people_named = forms.CharField(
        label=_("Who in the organisation is it about? (optional)"),
        required=False,
        max_length=SHORT_MAX,
        help_text=_(
            "Names or usernames. Anyone you name here, or in your description, will never be "
            "able to read your grievance."
        ),
    )
    remedy_sought = forms.CharField(
        label=_("What would put it right? (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=_area(3),
        help_text=_("An apology, something restored, a change, support: in your own words."),
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=SHORT_MAX,
        help_text=_(
            "Leave it empty to stay anonymous: you can follow everything with your receipt."
        ),
    )
    keep_uncleaned = ReportForm.base_fields["keep_uncleaned"]


def filing_parts(
    form: GrievanceForm, *, channel: str = Channel.WEB
) -> tuple[Filing, FilingMetadata]:
    """Split a valid form into what is sealed and what stays clear."""
    data = form.cleaned_data
    filing = Filing(
        what_happened=data["what_happened"],
        affected=data.get("affected", ""),
        concerns_detail=data.get("concerns_detail", ""),
        remedy_sought=data.get("remedy_sought", ""),
        people_named=data.get("people_named", ""),
        contact=data.get("contact", ""),
    )
    metadata = FilingMetadata(
        category=data["category"],
        concerns=data["concerns"],
        language=get_language() or settings.LANGUAGE_CODE,
        channel=channel,
    )
    return filing, metadata


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Why do you think your grievance was not handled properly?"),
        max_length=TEXT_MAX,
        widget=_area(5),
        help_text=_(
            "The reviewer checks how it was handled (fairness, time, reasons given), not the "
            "facts again."
        ),
        error_messages={"required": _("Say why you appeal.")},
    )


class RemedyViewForm(forms.Form):
    remedy = forms.UUIDField(widget=forms.HiddenInput)
    view = forms.ChoiceField(
        label=_("Did this remedy put right the harm?"),
        choices=RemedyView.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"), required=False, max_length=TEXT_MAX, widget=_area(3)
    )


RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well did the procedure work for you? 1 is very badly, 5 is very well."),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )


class MoveForm(forms.Form):
    from_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    target = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    reason = forms.CharField(
        label=_("Reasons, for the person"),
        required=False,
        max_length=TEXT_MAX,
        widget=_area(4),
        help_text=_("Shown to the person with their receipt. Needed to decide, end or go back."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message to the person"), max_length=10_000, widget=_area(5))


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Give access to (username)"), max_length=150)


class LearningForm(forms.Form):
    partner_advice = forms.BooleanField(
        label=_("The person had a partner organisation's advice"), required=False
    )
    learning = forms.ChoiceField(label=_("Learning"), choices=Learning.choices, required=False)
    learning_ref = forms.CharField(
        label=_("Reference (a code such as RISK-12)"), required=False, max_length=24
    )


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Remedy"), choices=RemedyKind.choices)
    who = forms.CharField(label=_("Who must do it"), max_length=SHORT_MAX)
    what = forms.CharField(label=_("What exactly"), max_length=TEXT_MAX, widget=_area(3))
    due_on = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}))


class RemedyDoneForm(forms.Form):
    remedy = forms.UUIDField(widget=forms.HiddenInput)
    evidence = forms.CharField(
        label=_("Evidence it was done"), required=False, max_length=TEXT_MAX, widget=_area(3)
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was the grievance handled properly?"),
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Written reasons, for the person"),
        required=False,
        max_length=TEXT_MAX,
        widget=_area(4),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Until (not included)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The period must end after it starts."))
        return data


class ConfirmForm(forms.Form):
    """A button with nothing to type (declare a conflict, approve for the register)."""

    withdraw = forms.BooleanField(required=False, widget=forms.HiddenInput)
