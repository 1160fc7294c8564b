"""Forms of the team's side of a referral. They parse only; the services decide and refuse.

Texts have no `max_length` here: the services refuse an over-long text with their own message,
and the page shows the form again with what was typed, so nothing is lost.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rightsdesk.partners.casework.selectors import CasePieces, PieceChoice
from rightsdesk.partners.matching import Proposal
from rightsdesk.partners.models import Partner
from rightsdesk.partners.services.loop import UPDATE_MAX
from rightsdesk.partners.services.referrals import PURPOSE_MAX, SUMMARY_MAX
from rightsdesk.partners.vocabulary import ConsentChannel, Service

# The channels a team member can have heard the volunteer's answer on (not the inbox, where the
# volunteer answers themself, nor the override, which is not an answer).
HEARD_ON = [
    (code, label)
    for code, label in ConsentChannel.choices
    if code not in (ConsentChannel.INBOX, ConsentChannel.OVERRIDE)
]
DEFAULT_DAYS = 30


class PreviewCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose labels carry a short preview of what is chosen (core/field.html shows
    `explanation` beside the label)."""

    def __init__(self, previews: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.previews = previews or {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["explanation"] = self.previews.get(str(option["value"]), "")
        return option


class ProposalRadios(forms.RadioSelect):
    """One radio per proposed partner; the option carries the `Proposal` (score, reasons)."""

    def __init__(self, proposals: dict[str, Proposal] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.proposals = proposals or {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["proposal"] = self.proposals.get(str(option["value"]))
        return option


class ServiceForm(forms.Form):
    """The first step of "Refer": which service the volunteer needs (a GET form)."""

    service = forms.ChoiceField(label=_("Service the volunteer needs"), choices=Service.choices)


def _pieces_field(label: Any, choices: list[PieceChoice]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(c.code, c.label) for c in choices],
        widget=PreviewCheckboxes(previews={c.code: c.preview for c in choices}),
    )


class DraftForm(forms.Form):
    """A referral's draft: to whom (one of the proposals), what for, which pieces, until when.
    Messages and files are chosen one by one. `go` is the button: ask the volunteer now, or
    keep it as a draft."""

    service = forms.ChoiceField(choices=Service.choices, widget=forms.HiddenInput)
    partner = forms.ChoiceField(label=_("Partner"))
    purpose = forms.CharField(
        label=_("What the referral is for"),
        help_text=_(
            "The volunteer reads this in their inbox before agreeing; so will the partner."
        ),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PURPOSE_MAX}),
    )
    pieces = forms.MultipleChoiceField(label=_("What of the case goes"), required=False)
    summary = forms.CharField(
        label=_("Summary for the partner (only if you chose it above)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SUMMARY_MAX}),
    )
    # Not `messages` and `files`: a form's `files` are its uploads.
    shared_messages = forms.MultipleChoiceField(label=_("Messages"), required=False)
    shared_files = forms.MultipleChoiceField(label=_("Files"), required=False)
    until = forms.DateField(
        label=_("Consent until"),
        help_text=_("After this day the referral expires and the partner loses access."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    go = forms.ChoiceField(choices=(("ask", "ask"), ("draft", "draft")), required=False)
    # Set when a saved draft is being changed (`referral_redraft`): which one, from which version.
    draft = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        proposals: list[Proposal],
        pieces: CasePieces,
        today: date,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("until", today + timedelta(days=DEFAULT_DAYS))
        super().__init__(*args, **kwargs)
        self.by_uid = {str(p.partner.uid): p for p in proposals}
        partner = cast("forms.ChoiceField", self.fields["partner"])
        partner.choices = [(uid, p.partner.name) for uid, p in self.by_uid.items()]
        partner.widget = ProposalRadios(proposals=self.by_uid, choices=partner.choices)
        self.fields["pieces"] = _pieces_field(_("What of the case goes"), pieces.fixed)
        self.fields["shared_messages"] = _pieces_field(_("Messages, one by one"), pieces.messages)
        self.fields["shared_files"] = _pieces_field(_("Files, one by one"), pieces.files)

    def clean_partner(self) -> Partner:
        return self.by_uid[self.cleaned_data["partner"]].partner

    def chosen(self) -> list[str]:
        """Every piece ticked, fixed ones first (call after `is_valid`)."""
        data = self.cleaned_data
        return [*data["pieces"], *data["shared_messages"], *data["shared_files"]]


class MoveForm(forms.Form):
    """A move with nothing to say but which version of the referral the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _languages() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class AnswerForm(MoveForm):
    """The volunteer's answer heard on another channel, recorded by a team member."""

    channel = forms.ChoiceField(label=_("How the volunteer answered"), choices=HEARD_ON)
    language = forms.ChoiceField(label=_("In which language they were asked"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = cast("forms.ChoiceField", self.fields["language"])
        language.choices = _languages()


class ConsentForm(AnswerForm):
    """The volunteer agreed: to which of the proposed pieces (they may agree to fewer)."""

    pieces = forms.MultipleChoiceField(
        label=_("What the volunteer agreed to share"), required=False
    )

    def __init__(self, *args: Any, proposed: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.relabel(proposed)

    def relabel(self, proposed: list[tuple[str, str]]) -> None:
        """The proposed pieces as (code, words): validation needs only the codes, the page the
        words (a refused form is shown again with them)."""
        pieces = cast("forms.MultipleChoiceField", self.fields["pieces"])
        pieces.choices = proposed
        pieces.widget = forms.CheckboxSelectMultiple(choices=proposed)


class OverrideForm(MoveForm):
    reason = forms.CharField(
        label=_("Why the volunteer cannot be asked, or why their answer is overridden"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PURPOSE_MAX}),
    )


class UpdateForm(forms.Form):
    note = forms.CharField(
        label=_("Update for the partner and the team"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": UPDATE_MAX}),
    )
