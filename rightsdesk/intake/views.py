"""Public pages: the report form, the receipt, the reporter's inbox.

They all work with JavaScript off. The report form's one script (static intake/effort.js) only
solves the effort puzzle in a Web Worker and fills two hidden fields (rightsdesk.intake.effort).

Views parse and render; services decide. Every page that shows report content is `no-store`
(PrivacyHeadersMiddleware sets it on every page).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.cases.models import Attachment
from rightsdesk.cases.services import attachment_open, case_open
from rightsdesk.cases.submission.attachments import AttachmentRefused
from rightsdesk.core.admission import Busy
from rightsdesk.core.downloads import download_response
from rightsdesk.core.files import uploads_of
from rightsdesk.intake import inbox as inbox_service
from rightsdesk.intake import services, tickets
from rightsdesk.intake.admit import ReportsBusy
from rightsdesk.intake.busy import try_again_message
from rightsdesk.intake.effort_fields import effort_puzzle, posted_effort
from rightsdesk.intake.extensions import HeldReceipt, inbox_panels, receipt_open
from rightsdesk.intake.forms import (
    REVIEW,
    STEPS,
    MessageForm,
    ReceiptForm,
    ReportForm,
    file_limits,
    limits,
    report_parts,
)

INBOX_COOKIE = inbox_service.COOKIE


BUSY = gettext_lazy(
    "Many reports are arriving right now. Nothing was sent yet and your answers are still "
    "here: wait a minute, then press the button again."
)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/home.html")


def _render_step(
    request: HttpRequest,
    form: ReportForm,
    step: int,
    *,
    ticket: str,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    current = STEPS[step]
    puzzle = effort_puzzle(request.POST if request.method == "POST" else None, ticket)
    context: dict[str, Any] = {
        "form": form,
        "step": current,
        "step_index": step,
        "step_number": step + 1,
        "step_count": len(STEPS),
        "visible": [form[name] for name in current.fields],
        "hidden": [form[name] for name in form.fields if name not in current.fields],
        "is_review": step == REVIEW,
        "ticket": ticket,
        "errors": errors or [],
        "limits": limits(),
        "file_limits": file_limits(),
        "emergency": form.is_emergency,
        "puzzle": puzzle,
    }
    return render(request, "intake/report_step.html", context, status=status)


def _step_errors(form: ReportForm, step: int) -> bool:
    form.is_valid()
    names = STEPS[step].fields
    return any(name in form.errors for name in names)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """One URL for every step: the posted `step` and the pressed button (`go`) say where to go."""
    if request.method == "GET":
        return _render_step(request, ReportForm(), 0, ticket=tickets.issue_ticket())
    ticket = request.POST.get("ticket", "")
    try:
        step = min(max(int(request.POST.get("step", "0")), 0), REVIEW)
    except ValueError:
        step = 0
    form = ReportForm(request.POST)
    action = request.POST.get("go", "next")
    if action == "back":  # also how a guide's "tell the team" opens the form
        return _render_step(
            request, ReportForm.carried(request.POST), max(step - 1, 0), ticket=ticket
        )
    if action in ("next", "review"):
        if _step_errors(form, step):
            return _render_step(request, form, step, ticket=ticket, status=400)
        target = REVIEW if action == "review" else min(step + 1, REVIEW)
        return _render_step(request, ReportForm(request.POST), target, ticket=ticket)
    if action != "send":
        return _render_step(request, form, step, ticket=ticket, status=400)
    return _send(request, form, ticket)


def _send(request: HttpRequest, form: ReportForm, ticket: str) -> HttpResponse:
    """The last step: validate everything, then file the report and show the receipt once."""
    problems: list[str] = list(getattr(request, "upload_problems", []))
    if not form.is_valid():
        first = next(i for i, s in enumerate(STEPS) if any(n in form.errors for n in s.fields))
        return _render_step(request, form, first, ticket=ticket, status=400)
    state = tickets.check_ticket(ticket)
    if state == tickets.TicketState.SPENT:
        return render(request, "intake/already_sent.html", status=409)
    if state != tickets.TicketState.OK:
        problems.append(
            _(
                "This form is too old or was sent too quickly. Check your answers "
                "and press Send again."
            )
        )
        ticket = tickets.issue_ticket()
    if problems:
        return _render_step(request, form, REVIEW, ticket=ticket, errors=problems, status=400)
    report_content, metadata = report_parts(form)
    try:
        submitted = services.report_send(
            report=report_content,
            metadata=metadata,
            uploads=uploads_of(request),
            keep_uncleaned=form.cleaned_data["keep_uncleaned"],
            ticket=ticket,
            effort=posted_effort(request.POST, ticket),
        )
    except tickets.TicketSpent:  # the same form sent twice at once: the other send filed it
        return render(request, "intake/already_sent.html", status=409)
    except (AttachmentRefused, Busy) as refused:
        message = refused.message
        if isinstance(refused, ReportsBusy):
            message = try_again_message(refused.retry_after)
        elif isinstance(refused, Busy):
            message = str(BUSY)
        response = _render_step(
            request, form, REVIEW, ticket=ticket, errors=[message], status=refused.status
        )
        if isinstance(refused, ReportsBusy):
            response["Retry-After"] = refused.retry_after_header
        return response
    return render(
        request,
        "intake/receipt.html",
        {
            "receipt": submitted.receipt,
            "emergency": metadata.emergency,
            "emergency_text": settings.RIGHTSDESK_EMERGENCY_TEXT,
        },
        status=201,
    )


def _inbox(request: HttpRequest) -> inbox_service.Inbox | None:
    return inbox_service.inbox_of(request)


def _with_session_cookie(response: HttpResponse, name: str, token: str, path: str) -> HttpResponse:
    """A session cookie no script reads, sent back only to `path` and below, same site only."""
    response.set_cookie(
        name, token, secure=settings.HTTPS, httponly=True, samesite="Strict", path=path
    )
    return response


@require_http_methods(["GET", "POST"])
def inbox_login(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                opened = receipt_open(form.cleaned_data["receipt"])
            except inbox_service.ReceiptRejected as rejected:
                form.add_error("receipt", rejected.message)
            except Busy:
                form.add_error(None, str(BUSY))
                status = 503
            else:
                if isinstance(opened, HeldReceipt):
                    return _with_session_cookie(
                        redirect(opened.location), opened.cookie, opened.token, opened.path
                    )
                return _with_session_cookie(
                    redirect("intake:inbox"), INBOX_COOKIE, opened.token, "/inbox/"
                )
    return render(request, "intake/inbox_login.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    opened = _inbox(request)
    if opened is None:
        return redirect("intake:inbox_login")
    form = MessageForm(request.POST or None)
    errors: list[str] = list(getattr(request, "upload_problems", []))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and not errors:
            try:
                services.followup_send(
                    inbox=opened,
                    body=form.cleaned_data["body"],
                    uploads=uploads_of(request),
                    keep_uncleaned=form.cleaned_data["keep_uncleaned"],
                )
            except AttachmentRefused as refused:
                errors.append(refused.message)
            except Busy:
                errors.append(str(BUSY))
                status = 503
            else:
                return redirect("intake:inbox")
    case = case_open(case=opened.case, key=opened.key, actor=None)
    return render(
        request,
        "intake/inbox.html",
        {
            "opened": case,
            # What other pillars ask of the reporter (settings.RIGHTSDESK_INBOX_PANELS).
            "panels": inbox_panels(opened),
            "form": form,
            "errors": errors,
            "limits": limits(),
            "file_limits": file_limits(),
        },
        status=status,
    )


@require_POST
def inbox_logout(request: HttpRequest) -> HttpResponse:
    inbox_service.inbox_logout(request.COOKIES.get(INBOX_COOKIE, ""))
    response = redirect("intake:inbox_login")
    response.delete_cookie(INBOX_COOKIE, path="/inbox/", samesite="Strict")
    return response


def inbox_file(request: HttpRequest, uid: object) -> HttpResponseBase:
    opened = _inbox(request)
    if opened is None:
        raise Http404
    try:
        meta, stream = attachment_open(case=opened.case, uid=str(uid), key=opened.key, actor=None)
    except (Attachment.DoesNotExist, ValueError):
        raise Http404 from None
    return download_response(meta.name, meta.mime, stream)
