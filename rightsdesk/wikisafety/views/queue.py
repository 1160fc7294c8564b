"""Staff pages of the wikis' evaluation queue (/staff/wikisafety/): the list, one finding with
its masked context, the audited reveal, deciding, removal on the wiki and its undoing.

Every page loads findings through the queue's gate (`queue.access`): someone without the
`evaluate_findings` permission gets the same 404 as for a finding that does not exist. Actions
are POST forms (no JavaScript needed); a refusal shows the page again with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.core.refusals import Refused
from rightsdesk.wikisafety.mediawiki.services import may_remove as may_remove_on_wiki
from rightsdesk.wikisafety.queue.access import (
    access_finding,
    access_findings,
    may_evaluate,
    readable_findings,
)
from rightsdesk.wikisafety.queue.context import kind_label
from rightsdesk.wikisafety.queue.forms import DecideForm, FilterForm, RemoveForm, UndoForm
from rightsdesk.wikisafety.queue.page import render_finding
from rightsdesk.wikisafety.queue.removal import finding_remove, finding_restore
from rightsdesk.wikisafety.queue.selectors import queue_rows
from rightsdesk.wikisafety.queue.services import finding_decide, finding_reveal

INVALID = gettext_lazy("Some of what you entered needs fixing: see the messages by the fields.")


def _page(uid: object, anchor: str = "") -> HttpResponseBase:
    url = reverse("wikisafety:finding", args=[uid])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _render_queue(
    request: HttpRequest, *, problem: str = "", remove: RemoveForm | None = None, status: int = 200
) -> HttpResponse:
    user = staff_user(request)
    if not may_evaluate(user):
        raise Http404
    filters = FilterForm(request.GET or None, auto_id="filter_%s")
    state = priority = ""
    if filters.is_valid():
        state, priority = filters.cleaned_data["state"], filters.cleaned_data["priority"]
    rows = queue_rows(readable_findings(user), state=state, priority=priority)
    context = {
        "rows": [(f, [kind_label(k) for k in f.kinds]) for f in rows],
        "filters": filters,
        "problem": problem,
        "remove_form": remove or RemoveForm(auto_id="bulk_%s"),
        "may_remove": may_remove_on_wiki(user),
    }
    return render(request, "wikisafety/queue/list.html", context, status=status)


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return _render_queue(request)


@staff_required
@require_POST
def remove_bulk(request: HttpRequest) -> HttpResponseBase:
    """Several findings (several revisions of one attack) removed at once, from the list."""
    user = staff_user(request)
    if not may_evaluate(user):
        raise Http404
    findings = access_findings(user, request.POST.getlist("finding")[:100])
    form = RemoveForm(request.POST, auto_id="bulk_%s")
    if not findings:
        return _render_queue(request, problem=_("Choose the findings to remove."), status=400)
    if not form.is_valid():
        return _render_queue(request, problem=str(INVALID), remove=form, status=400)
    try:
        done = finding_remove(
            actor=user,
            findings=findings,
            parts=form.cleaned_data["parts"],
            suppress=form.cleaned_data["suppress"],
            reason_code=form.cleaned_data["reason"],
            now=timezone.now(),
        )
    except Refused as refused:
        return _render_queue(request, problem=refused.message, remove=form, status=refused.status)
    count = len(done)
    messages.success(
        request,
        ngettext(
            "%(count)d revision hidden on the wiki.",
            "%(count)d revisions hidden on the wiki.",
            count,
        )
        % {"count": count},
    )
    return redirect("wikisafety:queue")


@staff_required
@require_GET
def finding(request: HttpRequest, uid: object) -> HttpResponse:
    user = staff_user(request)
    return render_finding(request, access_finding(user, uid), user)


@staff_required
@require_POST
def reveal(request: HttpRequest, uid: object) -> HttpResponse:
    """The personal data in clear, for this answer only; audited before it is shown."""
    user = staff_user(request)
    found = access_finding(user, uid)
    try:
        finding_reveal(actor=user, finding=found)
    except Refused as refused:
        return render_finding(request, found, user, problem=refused.message, status=refused.status)
    response = render_finding(request, found, user, reveal=True)
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def decide(request: HttpRequest, uid: object) -> HttpResponseBase:
    user = staff_user(request)
    found = access_finding(user, uid)
    form = DecideForm(request.POST, auto_id="decide_%s")
    if not form.is_valid():
        return render_finding(
            request, found, user, bound={"decide": form}, problem=str(INVALID), status=400
        )
    data = form.cleaned_data
    try:
        finding_decide(
            actor=user,
            finding=found,
            decision=data["decision"],
            version=data["version"],
            note=data["note"],
            open_case=data["case_action"] == "open",
            join=data["case_number"] if data["case_action"] == "join" else "",
            now=timezone.now(),
        )
    except Refused as refused:
        found.refresh_from_db()
        kept = {"decide": form} if refused.keeps_input else {}
        return render_finding(
            request, found, user, bound=kept, problem=refused.message, status=refused.status
        )
    messages.success(request, _("Decision recorded."))
    return _page(found.uid, "decide")


@staff_required
@require_POST
def remove(request: HttpRequest, uid: object) -> HttpResponseBase:
    user = staff_user(request)
    found = access_finding(user, uid)
    form = RemoveForm(request.POST, auto_id="remove_%s")
    if not form.is_valid():
        return render_finding(
            request, found, user, bound={"remove": form}, problem=str(INVALID), status=400
        )
    try:
        finding_remove(
            actor=user,
            findings=[found],
            parts=form.cleaned_data["parts"],
            suppress=form.cleaned_data["suppress"],
            reason_code=form.cleaned_data["reason"],
            now=timezone.now(),
        )
    except Refused as refused:
        return render_finding(
            request, found, user, bound={"remove": form}, problem=refused.message,
            status=refused.status,
        )  # fmt: skip
    messages.success(request, _("Hidden on the wiki."))
    return _page(found.uid, "removal")


@staff_required
@require_POST
def undo(request: HttpRequest, uid: object) -> HttpResponseBase:
    user = staff_user(request)
    found = access_finding(user, uid)
    form = UndoForm(request.POST)
    if not form.is_valid():
        return render_finding(request, found, user, problem=str(INVALID), status=400)
    try:
        finding_restore(
            actor=user, finding=found, removal=form.cleaned_data["removal"], now=timezone.now()
        )
    except Refused as refused:
        return render_finding(request, found, user, problem=refused.message, status=refused.status)
    messages.success(request, _("The removal was undone: the wiki shows the revision again."))
    return _page(found.uid, "removal")
