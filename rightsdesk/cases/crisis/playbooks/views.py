"""Admin pages to edit the crisis playbooks and their translations, without JavaScript.

Only admins: anyone else gets the same 404 as for a page that does not exist (as on the reply
template pages), and nothing is saved. Views parse
and render; `store.py` checks an edit exactly as it checks a shipped file, stores it as a
revision and audits it. A crisis copies its steps when it opens, so an edit changes crises opened
afterwards; an open crisis keeps its own step rows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.accounts.decorators import admin_user, staff_required
from rightsdesk.cases.crisis.playbooks import store
from rightsdesk.cases.crisis.playbooks.forms import (
    SourceForm,
    StepFormSet,
    TranslationForm,
    source_data,
    step_rows,
    translation_initial,
)
from rightsdesk.cases.vocabulary import ThreatType


def _known(slug: str, language: str) -> None:
    if slug not in store.shipped() or language not in store.languages():
        raise Http404


@staff_required
@require_http_methods(["GET"])
def playbook_list(request: HttpRequest) -> HttpResponse:
    admin_user(request)
    labels = dict(ThreatType.choices)
    listing = [
        (book, "; ".join(str(labels.get(t, t)) for t in book.threat_types), standings)
        for book, standings in store.overview()
    ]
    return render(
        request,
        "cases/crisis/playbooks.html",
        {"listing": listing, "source_language": store.SOURCE_LANGUAGE},
    )


def _page(
    request: HttpRequest,
    slug: str,
    language: str,
    *,
    form: SourceForm | TranslationForm | None = None,
    steps: BaseFormSet[Any] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    book = store.source(slug)
    row = store.newest(slug, language)
    based_on = row.pk if row else 0
    if language == store.SOURCE_LANGUAGE:
        form = form or SourceForm(
            initial={"title": book.title, "threat_types": book.threat_types, "based_on": based_on}
        )
        steps = steps or StepFormSet(prefix="steps", initial=step_rows(book))
    elif form is None:
        text = store.translation(slug, language, book)
        form = TranslationForm(
            initial=translation_initial(text, based_on), source=book, language=language
        )
    return render(
        request,
        "cases/crisis/playbook_edit.html",
        {
            "slug": slug,
            "language": language,
            "language_name": store.languages()[language],
            "is_source": language == store.SOURCE_LANGUAGE,
            "book": book,
            "form": form,
            "steps": steps,
            "origin": store.origin(slug, language),
            "based_on": based_on,
            "history": store.history(slug, language),
            "shipped_marker": store.SHIPPED,
            "problem": problem,
            "limits": {
                "steps": store.STEPS_MAX,
                "title": store.TITLE_MAX,
                "detail": store.DETAIL_MAX,
                "minutes": store.MINUTES_MAX,
            },
        },
        status=status,
    )


def _bound(
    data: QueryDict, slug: str, language: str
) -> tuple[SourceForm | TranslationForm, BaseFormSet[Any] | None]:
    if language == store.SOURCE_LANGUAGE:
        return SourceForm(data), StepFormSet(data, prefix="steps")
    return TranslationForm(data, source=store.source(slug), language=language), None


@staff_required
@require_http_methods(["GET", "POST"])
def playbook_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    user = admin_user(request)
    _known(slug, language)
    if request.method != "POST":
        return _page(request, slug, language)
    form, steps = _bound(request.POST, slug, language)
    data = None
    if form.is_valid() and (steps is None or steps.is_valid()):
        if isinstance(form, SourceForm) and steps is not None:
            data = source_data(slug, form, steps)
        elif isinstance(form, TranslationForm):
            data = form.translation_data()
    if data is None:
        problem = _("Please correct the marked fields; nothing was saved.")
        return _page(request, slug, language, form=form, steps=steps, problem=problem, status=400)
    try:
        store.playbook_save(
            slug=slug,
            language=language,
            data=data,
            based_on=form.cleaned_data["based_on"],
            actor=user,
        )
    except store.PlaybookConflict:
        # Keep what this admin typed, now based on the colleague's revision: saving again is a
        # deliberate choice to replace it (the history shows who saved what, when).
        again = request.POST.copy()
        newest = store.newest(slug, language)
        again["based_on"] = str(newest.pk if newest else 0)
        form, steps = _bound(again, slug, language)
        problem = _(
            "Someone saved this playbook in the meantime (see the history below). Your version "
            "is kept here: save again to replace theirs, or reload the page to start from theirs."
        )
        return _page(request, slug, language, form=form, steps=steps, problem=problem, status=409)
    except store.PlaybookError as refused:
        return _page(
            request, slug, language, form=form, steps=steps, problem=str(refused), status=400
        )
    messages.success(request, _("Saved. Crises opened from now on use this text."))
    return redirect("cases:playbook_edit", slug=slug, language=language)


@staff_required
@require_POST
def playbook_revert(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    user = admin_user(request)
    _known(slug, language)
    try:
        based_on = int(request.POST.get("based_on", ""))
    except ValueError:
        return _page(
            request, slug, language, problem=_("Reload the page and try again."), status=400
        )
    try:
        reverted = store.playbook_revert(
            slug=slug, language=language, based_on=based_on, actor=user
        )
    except store.PlaybookConflict as conflict:
        return _page(request, slug, language, problem=str(conflict), status=409)
    if reverted:
        messages.success(request, _("The shipped text is in force again."))
    else:
        messages.info(request, _("The shipped text was already in force."))
    return redirect("cases:playbook_edit", slug=slug, language=language)
