"""Staff pages of the demand register: the list with a new demand, one demand, its documents
and its exports. Every page that names a demand goes through its gate."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.core.downloads import download_response
from rightsdesk.core.files import stream_stored
from rightsdesk.core.refusals import Refused
from rightsdesk.demands.access import access_demand, access_document, unlock_demand
from rightsdesk.demands.forms import DemandForm, DsaForm
from rightsdesk.demands.page import render_demand
from rightsdesk.demands.selectors import may_handle, readable_demands
from rightsdesk.demands.services.demands import DemandValues, demand_create, document_key
from rightsdesk.demands.services.exports import DsaValues, dsa_statement, notice_export


@staff_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponseBase:
    """The demands this person may read (clear metadata) and a new demand."""
    user = staff_user(request)
    form = DemandForm(request.POST or None, auto_id="new_%s")
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            demand = demand_create(
                actor=user, values=DemandValues(**form.cleaned_data), now=timezone.now()
            )
        except Refused as refused:
            problem = refused.message
        else:
            messages.success(request, _("Demand registered. Check that it is authentic first."))
            return redirect("demands:demand", demand.uid)
    context = {
        "demands": readable_demands(user),
        "form": form,
        "problem": problem,
        "may_handle": may_handle(user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "demands/home.html", context, status=status)


@staff_required
@require_GET
def demand(request: HttpRequest, uid: object) -> HttpResponse:
    user = staff_user(request)
    found = access_demand(user, uid)
    key = unlock_demand(found, user, unlocked_key(request))
    return render_demand(request, found, key, user)


@staff_required
@require_GET
def document_download(request: HttpRequest, uid: object, row: object) -> HttpResponseBase:
    user = staff_user(request)
    document = access_document(user, uid, row)
    key = unlock_demand(document.demand, user, unlocked_key(request))
    file_key, meta = document_key(document=document, key=key, actor=user)
    stream = stream_stored(str(document.uid), file_key)
    return download_response(str(meta.get("name", "document")), str(meta.get("mime", "")), stream)


def _json(name: str, value: object) -> HttpResponseBase:
    data = json.dumps(value, ensure_ascii=False, indent=2).encode()
    return download_response(name, "application/json", iter([data]))


@staff_required
@require_GET
def notice_json(request: HttpRequest, uid: object) -> HttpResponseBase:
    """The approved notice, redacted, in Lumen's shape; refused (the page again) before."""
    user = staff_user(request)
    found = access_demand(user, uid)
    key = unlock_demand(found, user, unlocked_key(request))
    try:
        value = notice_export(demand=found, key=key, actor=user)
    except Refused as refused:
        return render_demand(request, found, key, user, problem=refused.message, status=400)
    return _json(f"notice-{found.uid}.json", value)


@staff_required
@require_POST
def dsa_json(request: HttpRequest, uid: object) -> HttpResponseBase:
    """The statement of reasons, validated against the schema; refused (the page again with the
    schema's findings) when it does not validate."""
    user = staff_user(request)
    found = access_demand(user, uid)
    key = unlock_demand(found, user, unlocked_key(request))
    form = DsaForm(request.POST, auto_id="dsa_%s")
    if not form.is_valid():
        return render_demand(
            request, found, key, user, bound={"dsa": form},
            problem=_("Some of what you entered needs fixing: see the messages by the fields."),
            status=400,
        )  # fmt: skip
    try:
        value = dsa_statement(demand=found, actor=user, values=DsaValues(**form.cleaned_data))
    except Refused as refused:
        return render_demand(
            request, found, key, user, bound={"dsa": form}, problem=refused.message, status=400
        )
    return _json(f"dsa-statement-{found.uid}.json", value)
