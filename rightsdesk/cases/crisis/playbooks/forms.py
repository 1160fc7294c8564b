"""Forms of the playbook editor. They parse only: the store (`store.py`) then checks the result
exactly as it checks a shipped file, and decides.

The editor works without JavaScript: the source form lists every step with a "remove" box and one
blank row to add a step (a Django formset); a translation form has two text fields per source step
and cannot add, remove or re-time steps.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.crisis.playbooks.store import (
    DETAIL_MAX,
    MINUTES_MAX,
    SOURCE_LANGUAGE,
    STEPS_MAX,
    TITLE_MAX,
    Playbook,
    Translation,
)
from rightsdesk.cases.vocabulary import ThreatType


def _text_attrs(language: str) -> dict[str, str]:
    """Text fields are typed in the playbook's language, whatever the interface language."""
    return {"lang": language, "dir": "rtl" if get_language_info(language)["bidi"] else "ltr"}


class SourceForm(forms.Form):
    title = forms.CharField(label=_("Playbook title"), max_length=TITLE_MAX)
    threat_types = forms.MultipleChoiceField(
        label=_("Threat types that open this playbook"),
        choices=ThreatType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update(_text_attrs(SOURCE_LANGUAGE))


class StepForm(forms.Form):
    id = forms.CharField(label=_("Step id (a-z, 0-9 and _)"), max_length=40)
    minutes = forms.IntegerField(
        label=_("Due (minutes after the crisis opens)"), min_value=1, max_value=MINUTES_MAX
    )
    title = forms.CharField(label=_("Step"), max_length=TITLE_MAX)
    detail = forms.CharField(
        label=_("What to do"), max_length=DETAIL_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "detail"):
            self.fields[name].widget.attrs.update(_text_attrs(SOURCE_LANGUAGE))


class BaseStepFormSet(forms.BaseFormSet):  # type: ignore[type-arg]  # django-stubs: generic
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = _("Remove this step")


# One more form than the limit may arrive (30 steps and the blank row); the store refuses more
# than STEPS_MAX steps, and Django refuses more than `absolute_max` forms outright.
StepFormSet = forms.formset_factory(
    StepForm,
    formset=BaseStepFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=STEPS_MAX,
    absolute_max=STEPS_MAX + 1,
)


def source_data(slug: str, form: SourceForm, steps: forms.BaseFormSet[Any]) -> dict[str, object]:
    """The playbook as `store.parse_source` reads it (call after both are valid)."""
    return {
        "slug": slug,
        "title": form.cleaned_data["title"],
        "threat_types": list(form.cleaned_data["threat_types"]),
        "steps": [
            {key: step.cleaned_data[key] for key in ("id", "minutes", "title", "detail")}
            for step in steps.forms
            if step.cleaned_data and not step.cleaned_data.get(DELETION_FIELD_NAME)
        ],
    }


def step_rows(book: Playbook) -> list[dict[str, object]]:
    return [vars(step).copy() for step in book.steps]


class TranslationForm(forms.Form):
    """The title and, per step of `source`, a title and a detail in `language`."""

    title = forms.CharField(label=_("Playbook title"), max_length=TITLE_MAX)
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, source: Playbook, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        attrs = _text_attrs(language)
        self.fields["title"].widget.attrs.update(attrs)
        for step in source.steps:
            self.fields[f"{step.id}-title"] = forms.CharField(
                label=_("Step"), max_length=TITLE_MAX, widget=forms.TextInput(attrs=attrs)
            )
            self.fields[f"{step.id}-detail"] = forms.CharField(
                label=_("What to do"),
                max_length=DETAIL_MAX,
                widget=forms.Textarea(attrs={"rows": 3, **attrs}),
            )

    def step_fields(self) -> list[tuple[object, forms.BoundField, forms.BoundField]]:
        return [
            (step, self[f"{step.id}-title"], self[f"{step.id}-detail"])
            for step in self.source.steps
        ]

    def translation_data(self) -> dict[str, object]:
        """The translation as `store.parse_translation` reads it (after is_valid)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "steps": {
                step.id: {"title": data[f"{step.id}-title"], "detail": data[f"{step.id}-detail"]}
                for step in self.source.steps
            },
        }


def translation_initial(text: Translation | None, based_on: int) -> dict[str, object]:
    initial: dict[str, object] = {"based_on": based_on, "title": text.title if text else ""}
    for sid, (title, detail) in (text.steps if text else {}).items():
        initial[f"{sid}-title"] = title
        initial[f"{sid}-detail"] = detail
    return initial
