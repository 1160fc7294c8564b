"""Staff pages on cases. Every case is loaded through `access_case`; every read is audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.forms import ReplyForm, StatusForm
from rightsdesk.cases.models import Attachment
from rightsdesk.cases.selectors import cases_for
from rightsdesk.cases.services import attachment_open, case_open, case_set_status, message_post
from rightsdesk.core.countries import country_name
from rightsdesk.intake.views import download_response


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/home.html", {"cases": cases_for(staff_user(request))[:200]})


def _case_page(
    request: HttpRequest, number: str, *, reply: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    key = unlock_case(case, user, unlocked_key(request))
    opened = case_open(case=case, key=key, actor=user)
    return render(
        request,
        "cases/case.html",
        {
            "opened": opened,
            "country": country_name(case.country) if case.country else "",
            "reply": reply or ReplyForm(),
            "status_form": StatusForm(initial={"status": case.status}),
        },
        status=status,
    )


@staff_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _case_page(request, number)


@staff_required
@require_POST
def case_reply(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _case_page(request, number, reply=form, status=400)
    message_post(case=case, body=form.cleaned_data["body"], author=user)
    messages.success(request, _("Your reply was sent."))
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_status(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _case_page(request, number, status=400)
    case_set_status(case=case, status=form.cleaned_data["status"], actor=user)
    messages.success(request, _("Status changed."))
    return redirect("cases:detail", number=case.number)


@staff_required
def case_file(request: HttpRequest, number: str, uid: object) -> HttpResponseBase:
    user = staff_user(request)
    case = access_case(user, number)
    key = unlock_case(case, user, unlocked_key(request))
    try:
        meta, stream = attachment_open(case=case, uid=str(uid), key=key, actor=user)
    except Attachment.DoesNotExist:
        raise Http404 from None
    return download_response(meta.name, meta.mime, stream)
