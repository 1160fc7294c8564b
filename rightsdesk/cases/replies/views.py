"""Reply templates on the staff side: the admins' pages to edit them, and "Start from a template"
in the reply form of a case page.

Only admins may change the team's texts; anyone else gets the same 404 as for a page that does not
exist (as for cases: a refusal tells nothing). Handlers use the templates on the case page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.accounts.decorators import admin_user, staff_required
from rightsdesk.cases.models import ReplyTemplate
from rightsdesk.cases.replies.forms import NewReplyTemplateForm, ReplyTemplateForm
from rightsdesk.cases.replies.selectors import (
    SHIPPED,
    catalogue,
    languages,
    reply_text,
)
from rightsdesk.cases.replies.services import (
    TemplateRefused,
    reply_template_reset,
    reply_template_save,
)


def _known(slug: str, lang: str) -> None:
    if lang not in languages():
        raise Http404
    if slug not in SHIPPED and not ReplyTemplate.objects.filter(slug=slug).exists():
        raise Http404


def _list_page(
    request: HttpRequest,
    form: NewReplyTemplateForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    names = languages()
    return render(
        request,
        "cases/replies/list.html",
        {
            "entries": catalogue(),
            "site_languages": names,
            "form": form or NewReplyTemplateForm(languages=names, auto_id="new_%s"),
            "problem": problem,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def reply_templates(request: HttpRequest) -> HttpResponse:
    """The list of templates; POST adds a new one (a new name, or the team's first text of a
    shipped template in one language)."""
    user = admin_user(request)
    if request.method == "GET":
        return _list_page(request)
    form = NewReplyTemplateForm(request.POST, languages=languages(), auto_id="new_%s")
    if not form.is_valid():
        return _list_page(request, form, _("Check the fields marked below."), status=400)
    data = form.cleaned_data
    try:
        reply_template_save(
            slug=data["slug"],
            language=data["language"],
            title=data["title"],
            body=data["body"],
            actor=user,
            new=True,
        )
    except TemplateRefused as refused:
        return _list_page(request, form, refused.message, status=400)
    messages.success(request, _("Template saved."))
    return redirect("cases:reply_edit", slug=data["slug"], lang=data["language"])


def _edit_page(
    request: HttpRequest,
    slug: str,
    lang: str,
    *,
    form: ReplyTemplateForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    text = reply_text(slug, lang)
    own = ReplyTemplate.objects.filter(slug=slug, language=lang).exists()
    initial = {"title": text.title, "body": text.body} if text else {}
    form = form or ReplyTemplateForm(initial=initial, auto_id="template_%s")
    # The text is in `lang`, not in the interface language: mark it so, and let an RTL text read
    # right to left.
    form.fields["body"].widget.attrs.update({"lang": lang, "dir": "auto"})
    return render(
        request,
        "cases/replies/edit.html",
        {
            "slug": slug,
            "lang": lang,
            "language_name": languages()[lang],
            "shipped": slug in SHIPPED,
            "own": own,
            "form": form,
            "problem": problem,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def reply_edit(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    user = admin_user(request)
    _known(slug, lang)
    if request.method == "GET":
        return _edit_page(request, slug, lang)
    form = ReplyTemplateForm(request.POST, auto_id="template_%s")
    if not form.is_valid():
        return _edit_page(
            request, slug, lang, form=form, problem=_("Check the fields marked below."), status=400
        )
    try:
        reply_template_save(
            slug=slug,
            language=lang,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            actor=user,
        )
    except TemplateRefused as refused:
        return _edit_page(request, slug, lang, form=form, problem=refused.message, status=400)
    messages.success(request, _("Template saved."))
    return redirect("cases:reply_edit", slug=slug, lang=lang)


@staff_required
@require_POST
def reply_reset(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """Delete the team's text in `lang`: the shipped text applies again (or, for a template of
    the team's own, that language has no text of its own any more)."""
    user = admin_user(request)
    _known(slug, lang)
    reply_template_reset(slug=slug, language=lang, actor=user)
    messages.success(request, _("The team's text was deleted."))
    if slug in SHIPPED or ReplyTemplate.objects.filter(slug=slug).exists():
        return redirect("cases:reply_edit", slug=slug, lang=lang)
    return redirect("cases:replies")
