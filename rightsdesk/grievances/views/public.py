"""Public grievance pages: the procedure, the form, the receipt, following a grievance with the
receipt, the register. No JavaScript anywhere; every page is `no-store` (privacy middleware).

Views parse with a form, call one service, render. The person's session cookie (`rd_grievance`)
is sent only under /grievances/follow/.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.cases.submission.attachments import AttachmentRefused
from rightsdesk.core.admission import Busy
from rightsdesk.core.downloads import download_response
from rightsdesk.core.files import uploads_of
from rightsdesk.core.refusals import Refused
from rightsdesk.grievances import follow as follow_service
from rightsdesk.grievances import stages
from rightsdesk.grievances.filing import grievance_file
from rightsdesk.grievances.forms import (
    AppealForm,
    GrievanceForm,
    RatingForm,
    RemedyViewForm,
    filing_parts,
)
from rightsdesk.grievances.models import GrievanceAttachment
from rightsdesk.grievances.opened import file_open, open_all
from rightsdesk.grievances.register import public_rows
from rightsdesk.grievances.vocabulary import (
    STAGE_EXPLANATIONS,
    Outcome,
    RemedyKind,
    Stage,
)
from rightsdesk.intake import tickets
from rightsdesk.intake.forms import MessageForm, file_limits

COOKIE = follow_service.COOKIE
COOKIE_PATH = follow_service.COOKIE_PATH


def _busy() -> str:
    return _(
        "Many people are writing to us right now. Nothing was sent yet: wait a minute, then "
        "press the button again."
    )


def procedure(request: HttpRequest) -> HttpResponse:
    """The published procedure: stages, time limits, outcomes, who decides, the appeal."""
    limits = stages.stage_limits()
    rows = [
        {"stage": stage, "explanation": STAGE_EXPLANATIONS[stage], "days": limits.get(stage)}
        for stage in Stage
    ]
    context = {
        "rows": rows,
        "outcomes": Outcome,
        "remedies": RemedyKind.choices,
        "appeal_days": settings.RIGHTSDESK_GRIEVANCE_APPEAL_DAYS,
        "review_days": settings.RIGHTSDESK_GRIEVANCE_APPEAL_REVIEW_DAYS,
    }
    return render(request, "grievances/procedure.html", context)


def _form_page(
    request: HttpRequest,
    form: GrievanceForm,
    ticket: str,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "ticket": ticket,
        "errors": errors or [],
        "file_limits": file_limits(),
    }
    return render(request, "grievances/file.html", context, status=status)


@require_http_methods(["GET", "POST"])
def file(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _form_page(request, GrievanceForm(), tickets.issue_ticket())
    return _send(request, GrievanceForm(request.POST), request.POST.get("ticket", ""))


def _send(request: HttpRequest, form: GrievanceForm, ticket: str) -> HttpResponse:
    """Validate everything, then file the grievance and show the receipt once."""
    problems: list[str] = list(getattr(request, "upload_problems", []))
    if not form.is_valid():
        return _form_page(request, form, ticket, problems, status=400)
    state = tickets.check_ticket(ticket)
    if state == tickets.TicketState.SPENT:
        return render(request, "grievances/already_sent.html", status=409)
    if state != tickets.TicketState.OK:
        problems.append(_("This form is too old or was sent too quickly. Press Send again."))
        ticket = tickets.issue_ticket()
    if problems:
        return _form_page(request, form, ticket, problems, status=400)
    filing, metadata = filing_parts(form)
    try:
        filed = grievance_file(
            filing=filing,
            metadata=metadata,
            uploads=uploads_of(request),
            keep_uncleaned=form.cleaned_data["keep_uncleaned"],
            claim=lambda: tickets.spend_ticket(ticket),
        )
    except tickets.TicketSpent:
        return render(request, "grievances/already_sent.html", status=409)
    except (AttachmentRefused, Busy) as refused:
        message = _busy() if isinstance(refused, Busy) else refused.message
        return _form_page(request, form, ticket, [message], status=refused.status)
    return render(request, "grievances/receipt.html", {"receipt": filed.receipt}, status=201)


def _follow(request: HttpRequest) -> follow_service.Follow | None:
    return follow_service.follow_resume(request.COOKIES.get(COOKIE, ""))


def follow_login(request: HttpRequest) -> HttpResponse:
    """The grievance's receipt opens the one inbox (rightsdesk.intake.extensions.receipt_open,
    with `follow.receipt_held`); this address, printed on older receipts, leads there."""
    return redirect("intake:inbox_login")


def _follow_page(
    request: HttpRequest,
    opened: follow_service.Follow,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    **forms: Any,
) -> HttpResponse:
    now = timezone.now()
    grievance = opened.grievance
    grievance.refresh_from_db()
    context = {
        "opened": open_all(grievance, opened.key),
        "clock": stages.clock_of(grievance.stage, grievance.stage_due, now),
        "explanation": STAGE_EXPLANATIONS[Stage(grievance.stage)],
        "appeal_until": follow_service.appeal_window_end(grievance),
        "may_appeal": follow_service.may_appeal(grievance, now),
        "message_form": forms.get("message_form") or MessageForm(),
        "appeal_form": forms.get("appeal_form") or AppealForm(),
        "rating_form": forms.get("rating_form") or RatingForm(),
        "errors": errors or [],
        "file_limits": file_limits(),
    }
    return render(request, "grievances/follow.html", context, status=status)


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    opened = _follow(request)
    if opened is None:
        return redirect("intake:inbox_login")
    if request.method == "GET":
        return _follow_page(request, opened)
    form = MessageForm(request.POST)
    errors: list[str] = list(getattr(request, "upload_problems", []))
    if form.is_valid() and not errors:
        try:
            follow_service.person_message(
                follow=opened,
                body=form.cleaned_data["body"],
                uploads=uploads_of(request),
                keep_uncleaned=form.cleaned_data["keep_uncleaned"],
            )
        except (AttachmentRefused, Busy) as refused:
            message = _busy() if isinstance(refused, Busy) else refused.message
            return _follow_page(
                request, opened, status=refused.status, errors=[message], message_form=form
            )
        return redirect("grievances:follow")
    return _follow_page(request, opened, status=400, errors=errors, message_form=form)


def _person_action(request: HttpRequest, form_name: str, form: Any, act: Any) -> HttpResponse:
    opened = _follow(request)
    if opened is None:
        return redirect("intake:inbox_login")
    if not form.is_valid():
        return _follow_page(request, opened, status=400, **{form_name: form})
    try:
        act(opened, form.cleaned_data)
    except Refused as refused:
        return _follow_page(
            request, opened, status=refused.status, errors=[refused.message], **{form_name: form}
        )
    return redirect("grievances:follow")


@require_POST
def follow_appeal(request: HttpRequest) -> HttpResponse:
    return _person_action(
        request,
        "appeal_form",
        AppealForm(request.POST),
        lambda f, d: follow_service.person_appeal(follow=f, grounds=d["grounds"]),
    )


@require_POST
def follow_remedy(request: HttpRequest) -> HttpResponse:
    return _person_action(
        request,
        "remedy_form",
        RemedyViewForm(request.POST),
        lambda f, d: follow_service.person_remedy_view(
            follow=f, uid=str(d["remedy"]), view=d["view"], comment=d["comment"]
        ),
    )


@require_POST
def follow_rating(request: HttpRequest) -> HttpResponse:
    return _person_action(
        request,
        "rating_form",
        RatingForm(request.POST),
        lambda f, d: follow_service.person_rating(follow=f, rating=d["rating"]),
    )


@require_POST
def follow_logout(request: HttpRequest) -> HttpResponse:
    follow_service.follow_logout(request.COOKIES.get(COOKIE, ""))
    response = redirect("intake:inbox_login")
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")
    return response


def follow_file(request: HttpRequest, uid: object) -> HttpResponseBase:
    opened = _follow(request)
    if opened is None:
        raise Http404
    try:
        meta, stream = file_open(opened.grievance, str(uid), opened.key)
    except (GrievanceAttachment.DoesNotExist, ValueError):
        raise Http404 from None
    return download_response(meta["name"], meta["mime"], stream)


def register(request: HttpRequest) -> HttpResponse:
    """The public register: approved entries only, rare categories grouped, codes only."""
    return render(
        request,
        "grievances/register.html",
        {"rows": public_rows(), "minimum": settings.RIGHTSDESK_GRIEVANCE_REGISTER_MIN},
    )
