"""Parsing and limits for due diligence, shared by the pages and the API. Choices come from the
vocabulary and the published scales, so a score outside its scale never reaches a service (which
checks again, for every other caller)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from rightsdesk.accounts.models import User
from rightsdesk.cases.vocabulary import ThreatType
from rightsdesk.diligence import vocabulary as v

TEXT = 4000
SHORT = 300


def _scale(values: dict[int, Any], *, required: bool = True) -> forms.TypedChoiceField:
    choices: list[tuple[Any, Any]] = [("", "—")] if not required else []
    choices += [(n, f"{n} · {label}") for n, label in values.items()]
    return forms.TypedChoiceField(choices=choices, coerce=int, required=required, empty_value=None)


def _many(choices: Any, label: Any, *, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


def _text(label: Any, *, limit: int = TEXT, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        **kw,
    )


class TeamMemberField(forms.ModelChoiceField):  # type: ignore[type-arg]  # ModelChoiceField[User]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.username)


def team_members() -> Any:
    return User.objects.filter(
        is_active=True, role__in=(User.Role.HANDLER, User.Role.ADMIN), keyring__isnull=False
    ).order_by("username")


class AssessmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("The product, programme or event assessed. Never the name of a person."),
    )
    subject_kind = forms.ChoiceField(label=_("What is assessed"), choices=v.SubjectKind.choices)
    owner = TeamMemberField(label=_("Owner"), queryset=team_members())
    scope = _text(_("Scope: what is assessed and why (sealed)"), required=True)
    watched_rights = _many(
        v.Right.choices,
        _("Rights to watch for rising cases"),
    )
    watched_threats = _many(ThreatType.choices, _("Threat types whose crises reopen it"))
    review_months = forms.IntegerField(
        label=_("Review every (months)"),
        min_value=1,
        max_value=60,
        required=False,
        help_text=_("Empty: 12 months, or 36 for the whole organisation."),
    )


class ChecklistForm(forms.Form):
    phase = forms.TypedChoiceField(choices=v.Phase.choices, coerce=int, widget=forms.HiddenInput)
    items = forms.MultipleChoiceField(
        label=_("Checklist"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, phase: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if phase is None and self.is_bound:
            try:
                phase = int(self.data.get("phase") or 1)
            except ValueError:
                phase = 1
        phase = phase if phase in v.CHECKLISTS else 1
        items = cast("forms.MultipleChoiceField", self.fields["items"])
        items.choices = list(v.CHECKLISTS[phase])
        self.initial.setdefault("phase", phase)


class SignoffForm(forms.Form):
    phase = forms.TypedChoiceField(choices=v.Phase.choices, coerce=int, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = _text(_("Sign-off note (sealed)"), limit=2000)


class EvidenceForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"), choices=v.Phase.choices, coerce=int)


class EngagementForm(forms.Form):
    group = forms.ChoiceField(label=_("Rights-holder group"), choices=v.RightsHolder.choices)
    method = forms.ChoiceField(label=_("How"), choices=v.EngagementMethod.choices)
    held_on = forms.DateField(
        label=_("When"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    participants = forms.IntegerField(
        label=_("How many people took part"), min_value=0, max_value=1_000_000, initial=0
    )
    said = _text(_("What they said (sealed)"), required=True)
    notes = _text(_("Sensitive notes: where, who, safety (sealed)"))


class ImpactForm(forms.Form):
    title = forms.CharField(label=_("Impact"), max_length=SHORT)
    description = _text(_("Description (sealed)"))
    rights = _many(v.Right.choices, _("Rights affected"), required=True)
    holders = _many(v.RightsHolder.choices, _("Rights-holders affected"))
    holders_detail = _text(_("Who exactly, and how (sealed)"), limit=1000)
    vulnerabilities = _many(v.Vulnerability.choices, _("Vulnerabilities"))
    kind = forms.ChoiceField(label=_("Actual or potential"), choices=v.ImpactKind.choices)
    involvement = forms.ChoiceField(label=_("Our involvement"), choices=v.Involvement.choices)
    scale = _scale(v.SCALE)
    scope = _scale(v.SCOPE)
    irremediability = _scale(v.IRREMEDIABILITY)
    likelihood = _scale(v.LIKELIHOOD, required=False)
    confidence = _scale(v.CONFIDENCE)
    leverage = _scale(v.LEVERAGE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "scale": _("Scale (how grave)"),
            "scope": _("Scope (how many)"),
            "irremediability": _("Irremediability"),
            "likelihood": _("Likelihood (potential impacts only)"),
            "confidence": _("Confidence in the evidence"),
            "leverage": _("Our leverage"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.initial.setdefault("confidence", 2)
        self.initial.setdefault("leverage", 2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == v.ImpactKind.POTENTIAL and data.get("likelihood") is None:
            self.add_error("likelihood", _("A potential impact needs a likelihood."))
        return data


class ResidualForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    scale = _scale(v.SCALE)
    scope = _scale(v.SCOPE)
    irremediability = _scale(v.IRREMEDIABILITY)
    likelihood = _scale(v.LIKELIHOOD, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scale"].label = _("Residual scale")
        self.fields["scope"].label = _("Residual scope")
        self.fields["irremediability"].label = _("Residual irremediability")
        self.fields["likelihood"].label = _("Residual likelihood")


class MitigationForm(forms.Form):
    action = _text(_("Action (sealed)"), required=True, limit=2000)
    owner = TeamMemberField(
        label=_("Owner"),
        queryset=team_members(),
        required=False,
        help_text=_("Someone who can read this assessment."),
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    metric = forms.CharField(label=_("Indicator: what is measured"), max_length=SHORT)
    baseline = forms.CharField(label=_("Baseline"), max_length=SHORT)
    target = forms.CharField(label=_("Target"), max_length=SHORT)
    feedback_source = forms.CharField(
        label=_("Feedback from the people affected: from where"), max_length=SHORT
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner") or not data.get("due_on"):
            raise forms.ValidationError(_("A mitigation needs an owner and a due date."))
        return data


class MitigationMoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    state = forms.ChoiceField(label=_("New state"), choices=v.MitigationState.choices)
    result = _text(_("What the indicator and the people affected showed (sealed)"), limit=2000)


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Recommendation (public once published)"), max_length=SHORT)
    summary = _text(_("Summary (public once published)"))
    published = forms.BooleanField(label=_("Publish on the public tracker now"), required=False)


class RecommendationStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=v.RecommendationStatus.choices)
    note = _text(_("Public note (the reasons, when declined)"))
    publish = forms.BooleanField(label=_("Publish on the public tracker"), required=False)


class GrantForm(forms.Form):
    reader = TeamMemberField(label=_("Team member"), queryset=team_members())


class RevokeForm(forms.Form):
    """Whose access to remove: a reader by username (the button beside each reader)."""

    reader = forms.ModelChoiceField(
        label=_("Team member"),
        queryset=User.objects.all(),
        to_field_name="username",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This person has no access to revoke.")},
    )
