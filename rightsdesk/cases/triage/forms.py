"""Forms for triage (classification, vetting, mandate check) and the triage block of the case
page. Forms parse only; the services decide and refuse.

A triage form that was refused is shown again with what the handler typed (a referral can be
long): the case action keeps the bound form for this one request, and `triage_context` uses it
instead of a fresh one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from nacl.public import PrivateKey

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case
from rightsdesk.cases.replies.selectors import reply_for_case
from rightsdesk.cases.triage.selectors import (
    classification_initial,
    classification_of,
    propose_priority,
    steps_opened,
)
from rightsdesk.cases.triage.services import NOTE_MAX, REFERRAL_MAX
from rightsdesk.cases.vocabulary import (
    ActorType,
    Affected,
    Right,
    TargetReason,
    ThreatType,
    Vetting,
)


def _choices(label: Any, choices: list[tuple[str, Any]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class ClassificationForm(forms.Form):
    threat_types = _choices(_("Threat types"), ThreatType.choices)
    rights = _choices(_("Rights affected"), Right.choices)
    actor_types = _choices(_("Who is behind it"), ActorType.choices)
    reasons = _choices(_("Why the person was targeted"), TargetReason.choices)
    affected = _choices(_("Who is affected"), Affected.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# The notes and the referral have no max_length here: the service refuses an over-long text with
# its own message, and the form keeps what was typed so nothing is lost.
class VettingForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Vetting outcome"), choices=Vetting.choices)
    note = forms.CharField(
        label=_("Note for the team (optional, never shown to the reporter)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
    )


class MandateForm(forms.Form):
    # `outcome` comes from the button pressed ("Within our mandate" / "Out of mandate").
    outcome = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for the team (optional, never shown to the reporter)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
    )
    referral = forms.CharField(
        label=_(
            "Referral for the reporter: where they can get help instead (sent to them only "
            "with “Out of mandate”; fill in every [[...]])"
        ),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": REFERRAL_MAX, "dir": "auto"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def triage_context(
    case: Case, key: PrivateKey, report: ReportContent, kept: dict[str, forms.Form]
) -> dict[str, object]:
    """The triage block of a case page. Call after `access_case` and `case_open` (which audits
    the read); `key` is the case key the page unlocked; `kept` holds refused forms by name
    ("classification", "vetting", "mandate") to show as the handler filled them. Once the case
    is classified, the priority is proposed again from the handler's classification (threat
    types, actors) instead of the reporter's answers; changing it stays the handler's call."""
    classification = classification_of(case, key)
    return {
        "classified": classification is not None,
        "classification_form": kept.get("classification")
        or ClassificationForm(
            initial=classification_initial(case, key, report), auto_id="classify_%s"
        ),
        "vetting_form": kept.get("vetting") or VettingForm(auto_id="vetting_%s"),
        "mandate_form": kept.get("mandate")
        or MandateForm(
            initial={
                "version": case.version,
                "referral": reply_for_case("out_of_mandate", case, report) or "",
            },
            auto_id="mandate_%s",
        ),
        "steps": steps_opened(case, key),
        "proposal": (
            None
            if classification is None
            else propose_priority(
                report=replace(report, actor_types=classification.actor_types),
                threat_types=case.threat_types,
                emergency=case.emergency,
            )
        ),
    }
