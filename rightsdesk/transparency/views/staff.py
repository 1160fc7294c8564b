"""Staff release pages under /transparency/staff/: the list, drafting, one release's preview
(every table as it would be published, the note, the board's sealed examples for admins),
approving and withdrawing. Team members only (`staff_required`); each release comes through
`selectors.staff_release`. The services decide who may approve (`releases.may_publish`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.core.refusals import Refused
from rightsdesk.transparency.forms import DraftForm
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.presentation import notes, shown_tables
from rightsdesk.transparency.releases import (
    may_publish,
    release_approve,
    release_draft,
    release_withdraw,
)
from rightsdesk.transparency.selectors import board_examples, staff_release, staff_releases


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = DraftForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                found = release_draft(
                    actor=user,
                    audience=form.cleaned_data["audience"],
                    period=form.cleaned_data["period"],
                    examples=form.cleaned_data["examples"],
                    noisy=form.noisy_tables(),
                    now=timezone.now(),
                )
            except Refused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("Drafted. Nothing is published until it is approved."))
                return redirect("transparency:staff_release", slug=found.slug)
        else:
            status = 400
    context = {"releases": staff_releases(user), "form": form}
    return render(request, "transparency/staff/list.html", context, status=status)


def _page(
    request: HttpRequest, user: User, found: Release, *, error: str = "", status: int = 200
) -> HttpResponse:
    examples = board_examples(found, user, unlocked_key(request))
    context = {
        "release": found,
        "tables": shown_tables(found),
        "notes": notes(found),
        "examples": examples,
        "may_publish": may_publish(user) and found.drafted_by_id != user.pk,
        "may_withdraw": may_publish(user),
        "error": error,
    }
    return render(request, "transparency/staff/release.html", context, status=status)


@staff_required
def staff_release_page(request: HttpRequest, slug: str) -> HttpResponse:
    user = staff_user(request)
    return _page(request, user, staff_release(user, slug))


@staff_required
@require_POST
def staff_approve(request: HttpRequest, slug: str) -> HttpResponseBase:
    user = staff_user(request)
    found = staff_release(user, slug)
    try:
        release_approve(actor=user, release=found, now=timezone.now())
    except Refused as refused:
        if refused.status == 403:
            raise
        return _page(request, user, found, error=refused.message, status=refused.status)
    messages.success(request, _("Approved and published."))
    return redirect("transparency:staff_release", slug=found.slug)


@staff_required
@require_POST
def staff_withdraw(request: HttpRequest, slug: str) -> HttpResponseBase:
    user = staff_user(request)
    found = staff_release(user, slug)
    try:
        release_withdraw(actor=user, release=found, now=timezone.now())
    except Refused as refused:
        if refused.status == 403:
            raise
        return _page(request, user, found, error=refused.message, status=refused.status)
    messages.success(request, _("Withdrawn: no longer on the public pages."))
    return redirect("transparency:staff_release", slug=found.slug)
