"""The wikis' staff pages (admins): the watched wikis and how the watcher fares on each,
registering a wiki, its bot account, checking the bot's rights on the wiki, pausing and
resuming, the ReportIncident forwarder's token. Thin: forms parse, services act and audit.

Wikis are configuration, not about a person: an unknown wiki is a plain 404, and every page is
for admins only (the one admin refusal, `admin_user`).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightsdesk.accounts.decorators import admin_user, staff_required
from rightsdesk.core.refusals import Refused
from rightsdesk.wikisafety.forms import BotForm, WatchingForm, WikiForm
from rightsdesk.wikisafety.mediawiki.selectors import (
    access_wiki,
    position_of,
    status_of,
    wiki_rows,
)
from rightsdesk.wikisafety.mediawiki.services import wiki_register, wiki_set_bot
from rightsdesk.wikisafety.mediawiki.setup import (
    RightsCheck,
    bot_rights_check,
    missing_right_message,
    report_token_issue,
    wiki_watching,
)
from rightsdesk.wikisafety.mediawiki.watcher import describe_error
from rightsdesk.wikisafety.models import Wiki


@staff_required
@require_http_methods(["GET", "POST"])
def wiki_list(request: HttpRequest) -> HttpResponseBase:
    """Every registered wiki with its watcher's status, and registering one."""
    user = admin_user(request)
    form = WikiForm(request.POST or None, auto_id="wiki_%s")
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            wiki = wiki_register(actor=user, now=timezone.now(), **form.cleaned_data)
            token = report_token_issue(actor=user, wiki=wiki)
        except Refused as refused:
            problem = refused.message
        else:
            messages.success(request, _("Wiki registered: watching starts now."))
            return _detail(request, wiki, token=token)
    elif request.method == "POST":
        problem = _("Some of what you entered needs fixing: see the messages by the fields.")
    rows = [
        {
            "wiki": wiki,
            "watcher": watcher,
            "position": position,
            "error_words": describe_error(watcher.last_error) if watcher.last_error else "",
        }
        for wiki, watcher, position in wiki_rows()
    ]
    context = {"rows": rows, "form": form, "problem": problem}
    return render(
        request,
        "wikisafety/wikis/list.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _detail(
    request: HttpRequest,
    wiki: Wiki,
    *,
    token: str = "",
    check: RightsCheck | None = None,
    bot_form: BotForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    wiki.refresh_from_db()
    watcher = status_of(wiki)
    context: dict[str, Any] = {
        "wiki": wiki,
        "watcher": watcher,
        "position": position_of(wiki),
        "error_words": describe_error(watcher.last_error) if watcher.last_error else "",
        "token": token,
        "check": check,
        "missing_messages": [missing_right_message(r) for r in check.missing] if check else [],
        "bot_form": bot_form or BotForm(initial={"bot_username": wiki.bot_username}),
        "problem": problem,
    }
    return render(request, "wikisafety/wikis/wiki.html", context, status=status)


@staff_required
@require_GET
def wiki_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    return _detail(request, access_wiki(admin_user(request), uid))


@staff_required
@require_POST
def wiki_bot(request: HttpRequest, uid: UUID) -> HttpResponseBase:
    user = admin_user(request)
    wiki = access_wiki(user, uid)
    form = BotForm(request.POST, auto_id="bot_%s")
    if not form.is_valid():
        return _detail(
            request,
            wiki,
            bot_form=form,
            problem=_("Some of what you entered needs fixing: see the messages by the fields."),
            status=400,
        )
    wiki_set_bot(actor=user, wiki=wiki, **form.cleaned_data)
    messages.success(request, _("Bot account saved. Check its rights on the wiki."))
    return redirect("wikisafety_wikis:detail", wiki.uid)


@staff_required
@require_POST
def wiki_rights(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Ask the wiki now which of the removal rights the bot holds (shown, not stored)."""
    user = admin_user(request)
    wiki = access_wiki(user, uid)
    return _detail(request, wiki, check=bot_rights_check(actor=user, wiki=wiki))


@staff_required
@require_POST
def wiki_watch(request: HttpRequest, uid: UUID) -> HttpResponseBase:
    user = admin_user(request)
    wiki = access_wiki(user, uid)
    form = WatchingForm(request.POST)
    if not form.is_valid():
        return _detail(request, wiki, problem=_("Choose to pause or to resume."), status=400)
    watched = form.cleaned_data["watched"]
    wiki_watching(actor=user, wiki=wiki, watched=watched)
    messages.success(request, _("Watching resumed.") if watched else _("Watching paused."))
    return redirect("wikisafety_wikis:detail", wiki.uid)


@staff_required
@require_POST
def wiki_token(request: HttpRequest, uid: UUID) -> HttpResponse:
    """A new token for the wiki's report forwarder, shown on this answer only."""
    user = admin_user(request)
    wiki = access_wiki(user, uid)
    return _detail(request, wiki, token=report_token_issue(actor=user, wiki=wiki))
