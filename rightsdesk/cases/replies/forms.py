"""Forms of the reply templates: the admins' editor, and "Start from a template" on a case page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.forms import ReplyForm
from rightsdesk.cases.models import Case
from rightsdesk.cases.replies.selectors import (
    BODY_MAX,
    SLUG,
    TITLE_MAX,
    catalogue,
    languages,
    reply_for_case,
    reporter_language,
)


def reply_start_context(
    request: HttpRequest, case: Case, report: ReportContent
) -> dict[str, object]:
    """ "Start from a template" on a case page: the choices, and with `?template=<slug>` a reply
    form filled with that template in the reporter's language. Call after `access_case` and
    `case_open` (`report` is the opened report)."""
    slug = request.GET.get("template", "") if request.method == "GET" else ""
    form = None
    problem = ""
    if slug:
        body = reply_for_case(slug, case, report) if SLUG.match(slug) else None
        if body is None:
            problem = gettext("There is no reply template of that name.")
        else:
            form = ReplyForm(initial={"body": body}, auto_id="reply_%s")
            form.fields["body"].widget.attrs.update(
                {"lang": reporter_language(report), "dir": "auto"}
            )
    return {
        "choices": [(entry.slug, entry.title) for entry in catalogue()],
        "selected": slug,
        "form": form,
        "problem": problem,
        "language": languages()[reporter_language(report)],
    }


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title (for the team)"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text (the placeholder {case} becomes the case number)"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class NewReplyTemplateForm(ReplyTemplateForm):
    slug = forms.CharField(
        label=_("Name (lower-case letters, digits, dashes, underscores)"), max_length=40
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=())

    field_order = ("slug", "language", "title", "body")

    def __init__(self, *args: Any, languages: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(languages.items())  # type: ignore[attr-defined]  # ChoiceField
