"""The report form: one Django form, shown in short steps, with every answer carried in the page.

Nothing is stored between steps (a half-finished report stores nothing): answers from other steps
travel as hidden fields, so the back button keeps them and JavaScript is never needed. Limits are
explicit and shown in the form (and in the API schema, which reads them from here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.text import format_lazy
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.services import CaseMetadata
from rightsdesk.cases.vocabulary import (
    RIGHT_EXPLANATIONS,
    ActorType,
    Channel,
    Ongoing,
    Right,
    Since,
    TargetReason,
    ThreatType,
)
from rightsdesk.core.countries import country_choices

NARRATIVE_MAX = 20_000
CONTACT_MAX = 500
MESSAGE_MAX = 10_000

YES_NO = (("no", _("No")), ("yes", _("Yes")))


class RightsWidget(forms.CheckboxSelectMultiple):
    """Checkboxes whose labels carry a plain-words explanation of each right."""

    option_template_name = "intake/widgets/right_option.html"

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["explanation"] = RIGHT_EXPLANATIONS.get(option["value"], "")
        return option


class ReportForm(forms.Form):
    threat_types = forms.MultipleChoiceField(
        label=_("What is happening? Choose all that apply."),
        choices=ThreatType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    narrative = forms.CharField(
        label=_("Tell us in your own words"),
        help_text=format_lazy(
            _("What happened, when, and what you fear may happen. Up to {n} characters."),
            n=f"{NARRATIVE_MAX:,}",
        ),
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    emergency = forms.ChoiceField(
        label=_("Are you in immediate danger?"),
        help_text=_("For example: you may be arrested or hurt in the next hours or days."),
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect,
    )
    actor_types = forms.MultipleChoiceField(
        label=_("Who is behind it?"),
        choices=ActorType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.MultipleChoiceField(
        label=_("Why do you think you are targeted?"),
        choices=TargetReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.ChoiceField(
        label=_("Where is this happening? (optional)"),
        help_text=_("The country helps us find local partners. You may leave it empty."),
        required=False,
    )
    since = forms.ChoiceField(
        label=_("Since when?"), choices=[("", "—"), *Since.choices], required=False
    )
    ongoing = forms.ChoiceField(
        label=_("Is it still going on?"),
        choices=Ongoing.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    rights = forms.MultipleChoiceField(
        label=_("Which of your rights does it touch? (optional)"),
        choices=Right.choices,
        required=False,
        widget=RightsWidget,
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        help_text=format_lazy(
            _(
                "Leave this empty to stay anonymous: you can read our answers with your receipt. "
                "If you give a contact, prefer an encrypted channel (Signal, an encrypted mail "
                "account) that is not linked to your real name. Up to {n} characters."
            ),
            n=CONTACT_MAX,
        ),
        max_length=CONTACT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keep_uncleaned = forms.BooleanField(
        label=_("Send files we cannot clean"),
        help_text=_(
            "We remove hidden data (such as location and author) from photos, PDFs and "
            "office documents. We cannot do this for audio, video and some other files: "
            "they may reveal where and when they were made, and on which device."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)  # noqa: S101 - declared just above
        country.choices = [("", "—"), *country_choices()]

    @property
    def is_emergency(self) -> bool:
        if not self.is_bound:  # a step shown from carried answers (see `carried`)
            return self.initial.get("emergency") == "yes"
        return self.data.get("emergency") == "yes"

    @classmethod
    def carried(cls, data: QueryDict) -> ReportForm:
        """An unbound form showing the answers carried in `data`, without checking them.

        For a step the person goes back to, or arrives at from a guide's "tell the team": nothing
        was submitted yet, so no error may show. Errors show only when they press Next or Send.
        "Are you in immediate danger?" is left unanswered unless the post answers it, never
        pre-set to "no" for someone a guide may have told to answer "yes".
        """
        initial: dict[str, Any] = {"emergency": ""}
        for name, field in cls.base_fields.items():
            if name not in data:
                continue
            multiple = isinstance(field, forms.MultipleChoiceField)
            initial[name] = data.getlist(name) if multiple else data.get(name, "")
        return cls(initial=initial)


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any
    fields: tuple[str, ...]


STEPS = (
    Step("what", _("What is happening"), ("threat_types", "narrative", "emergency")),
    Step("who", _("Who is behind it, and why"), ("actor_types", "reasons")),
    Step("where", _("Where and since when"), ("country", "since", "ongoing")),
    Step("rights", _("Your rights"), ("rights",)),
    Step("contact", _("How to reach you"), ("contact",)),
    Step("review", _("Review and send"), ("keep_uncleaned",)),
)
REVIEW = len(STEPS) - 1


def limits() -> dict[str, int]:
    """Every limit of a report, for the form's help texts, the docs and the API schema."""
    return {
        "narrative_max_chars": NARRATIVE_MAX,
        "contact_max_chars": CONTACT_MAX,
        "message_max_chars": MESSAGE_MAX,
        "max_files": settings.RIGHTSDESK_MAX_FILES,
        "max_file_bytes": settings.RIGHTSDESK_MAX_FILE_BYTES,
        "max_report_bytes": settings.RIGHTSDESK_MAX_REPORT_BYTES,
    }


def human_size(size: int) -> str:
    """A size in decimal units, as phones and people count it: "500 MB", not "476.8 MB".

    The limits are set in decimal megabytes (RIGHTSDESK_MAX_FILE_MB); Django's filesizeformat
    divides by 1024 and so shows a limit nobody set.
    Django's own (binary) unit strings translate to "Mio" in French, hence strings of our own with
    a context. The number is formatted for the active language.
    """
    units = (
        (10**9, pgettext("decimal file size", "%s GB")),
        (10**6, pgettext("decimal file size", "%s MB")),
        (10**3, pgettext("decimal file size", "%s kB")),
    )
    for factor, unit in units:
        if size >= factor:
            value = size / factor
            places = 0 if value == int(value) else 1
            return avoid_wrapping(unit % number_format(value, places, use_l10n=True))
    return avoid_wrapping(ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size})


def file_limits() -> dict[str, str | int]:
    """The file limits of a report as the form shows them."""
    return {
        "n": settings.RIGHTSDESK_MAX_FILES,
        "file": human_size(settings.RIGHTSDESK_MAX_FILE_BYTES),
        "total": human_size(settings.RIGHTSDESK_MAX_REPORT_BYTES),
    }


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(_("Up to {n} characters."), n=f"{MESSAGE_MAX:,}"),
    )
    keep_uncleaned = ReportForm.base_fields["keep_uncleaned"]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def report_parts(
    form: ReportForm, *, language: str = "", channel: str = Channel.WEB
) -> tuple[ReportContent, CaseMetadata]:
    """Split a valid form into what is sealed and what stays clear (DESIGN.md section 3)."""
    data = form.cleaned_data
    report = ReportContent(
        narrative=data["narrative"],
        contact=data.get("contact", ""),
        actor_types=list(data.get("actor_types", [])),
        reasons=list(data.get("reasons", [])),
        since=data.get("since", ""),
        ongoing=data.get("ongoing", ""),
        language=language or get_language() or settings.LANGUAGE_CODE,
    )
    metadata = CaseMetadata(
        threat_types=list(data.get("threat_types", [])),
        rights=list(data.get("rights", [])),
        country=data.get("country", ""),
        emergency=data.get("emergency") == "yes",
        channel=channel,
    )
    return report, metadata
