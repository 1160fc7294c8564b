"""API endpoints. Thin: parse, call the same services as the HTML pages, serialise.

Errors are JSON {"error": code, "message": translated} with a 4xx status (503 when busy). Missing
and forbidden cases both answer 404 not_found.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from rightsdesk.accounts import services as accounts
from rightsdesk.accounts.models import User
from rightsdesk.api import serializers
from rightsdesk.api.auth import bearer, staff_token_issue, staff_token_resolve
from rightsdesk.api.errors import api_error, form_errors
from rightsdesk.api.parsing import (
    BadRequest,
    json_object,
    multipart_form_data,
    report_form_data,
    text_field,
)
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.editing import CaseEdit, EditRefused, case_edit
from rightsdesk.cases.forms import NoteForm
from rightsdesk.cases.grants import GrantRefused, case_grant, case_revoke
from rightsdesk.cases.queues.selectors import dashboard
from rightsdesk.cases.search.selectors import case_search
from rightsdesk.cases.search.text import QueryRefused
from rightsdesk.cases.selectors import cases_for
from rightsdesk.cases.services import case_open, message_post, note_add
from rightsdesk.cases.submission.attachments import AttachmentRefused
from rightsdesk.cases.vocabulary import Channel
from rightsdesk.core.admission import Busy
from rightsdesk.core.files import uploads_of
from rightsdesk.intake import inbox as inbox_service
from rightsdesk.intake import services as intake
from rightsdesk.intake.forms import MessageForm, ReportForm, report_parts

View = Callable[..., HttpResponse]


def method_not_allowed(*allowed: str) -> HttpResponse:
    """405 naming every method the URL answers (one URL may serve several operations)."""
    response = api_error("method_not_allowed", _("Method not allowed."), 405)
    response["Allow"] = ", ".join(allowed)
    return response


def api_view(method: str) -> Callable[[View], View]:
    """One HTTP method; CSRF-exempt (no cookies are used); every expected failure is JSON."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != method:
                return method_not_allowed(method)
            return _guarded(view, request, *args, **kwargs)

        return wrapped

    return decorate


def _guarded(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    try:
        return view(request, *args, **kwargs)
    except BadRequest as bad:
        extra = {"field": bad.field} if bad.field else {}
        status = 415 if bad.code == "unsupported_media_type" else 400
        return api_error(bad.code, bad.message, status, **extra)
    except AttachmentRefused as refused:
        return api_error("file_refused", refused.message, 400)
    except Busy:
        return api_error(
            "busy", _("The service is busy. Nothing was stored; try again in a minute."), 503
        )
    except Http404:
        return api_error("not_found", _("Not found."), 404)
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        return api_error(
            "malformed_body",
            _("The request body could not be read: it is malformed or over a size limit."),
            400,
        )


def _uploads(request: HttpRequest) -> list[Any]:
    """The request's encrypted uploads, or AttachmentRefused if the handler refused one."""
    uploads = uploads_of(request)
    problems = getattr(request, "upload_problems", None)
    if problems:
        raise AttachmentRefused(problems[0])
    return uploads


def _language(raw: Any) -> str:
    if raw in (None, ""):
        return ""
    if not isinstance(raw, str) or raw not in dict(settings.LANGUAGES):
        raise BadRequest("invalid", _("Unknown language code."), "language")
    return raw


@api_view("POST")
def reports(request: HttpRequest) -> HttpResponse:
    if request.content_type == "multipart/form-data":
        data = multipart_form_data(request)
        language = _language(request.POST.get("language"))
    else:
        body = json_object(request)
        data = report_form_data(body)
        language = _language(body.get("language"))
    form = ReportForm(data)
    if not form.is_valid():
        return api_error("invalid", _("Some fields are not valid."), 400, fields=form_errors(form))
    report, metadata = report_parts(form, language=language, channel=Channel.API)
    submitted = intake.report_send(
        report=report,
        metadata=metadata,
        uploads=_uploads(request),
        keep_uncleaned=form.cleaned_data["keep_uncleaned"],
    )
    return JsonResponse({"receipt": submitted.receipt}, status=201)


@api_view("POST")
def reporter_login(request: HttpRequest) -> HttpResponse:
    body = json_object(request)
    receipt = text_field(body, "receipt")
    if len(receipt) > 100:
        raise BadRequest("invalid", str(inbox_service.RECEIPT_MALFORMED), "receipt")
    try:
        opened = inbox_service.inbox_login(receipt)
    except inbox_service.ReceiptRejected as rejected:
        return api_error("receipt_rejected", rejected.message, 401)
    return JsonResponse(
        {"token": opened.token, "expires_in": settings.RIGHTSDESK_INBOX_IDLE_SECONDS}
    )


def _inbox(request: HttpRequest) -> inbox_service.Inbox:
    opened = inbox_service.inbox_resume(bearer(request))
    if opened is None:
        raise _Unauthorized
    return opened


class _Unauthorized(Exception):
    pass


def unauthorized_as_401(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Unauthorized:
            response = api_error("unauthorized", _("Sign in first: send a valid token."), 401)
            response["WWW-Authenticate"] = "Bearer"
            return response

    return wrapped


@api_view("GET")
@unauthorized_as_401
def reporter_report(request: HttpRequest) -> HttpResponse:
    opened = _inbox(request)
    return JsonResponse(
        serializers.opened_case(
            case_open(case=opened.case, key=opened.key, actor=None), staff=False
        )
    )


@api_view("POST")
@unauthorized_as_401
def reporter_messages(request: HttpRequest) -> HttpResponse:
    opened = _inbox(request)
    if request.content_type == "multipart/form-data":
        form = MessageForm(request.POST)
    else:
        body = json_object(request)
        form = MessageForm(
            {
                "body": text_field(body, "body"),
                "keep_uncleaned": "on" if body.get("keep_uncleaned") is True else "",
            }
        )
    if not form.is_valid():
        return api_error("invalid", _("Some fields are not valid."), 400, fields=form_errors(form))
    message = intake.followup_send(
        inbox=opened,
        body=form.cleaned_data["body"],
        uploads=_uploads(request),
        keep_uncleaned=form.cleaned_data["keep_uncleaned"],
    )
    return JsonResponse({"id": str(message.uid)}, status=201)


@api_view("POST")
def staff_login(request: HttpRequest) -> HttpResponse:
    body = json_object(request)
    fields = {name: text_field(body, name) for name in ("username", "password", "otp")}
    if len(fields["username"]) > 150 or len(fields["otp"]) > 12:
        return api_error("login_failed", accounts.LOGIN_FAILED, 401)
    try:
        unlocked = accounts.staff_login(**fields)
    except accounts.LoginThrottled as throttled:
        return api_error("throttled", throttled.message, 429)
    except accounts.AccountError as failed:
        return api_error("login_failed", failed.message, 401)
    token = staff_token_issue(unlocked.user, unlocked.private_key)
    return JsonResponse({"token": token, "expires_in": settings.SESSION_COOKIE_AGE})


def staff_credentials(request: HttpRequest) -> Any:
    credentials = staff_token_resolve(bearer(request))
    if credentials is None:
        raise _Unauthorized
    return credentials


@api_view("GET")
@unauthorized_as_401
def cases(request: HttpRequest) -> HttpResponse:
    staff = staff_credentials(request)
    return JsonResponse({"cases": [serializers.case_summary(c) for c in cases_for(staff.user)]})


@api_view("GET")
@unauthorized_as_401
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    key = unlock_case(case, staff.user, staff.key)
    return JsonResponse(
        serializers.opened_case(case_open(case=case, key=key, actor=staff.user), staff=True)
    )


@api_view("POST")
@unauthorized_as_401
def case_messages(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    body = json_object(request)
    form = MessageForm({"body": text_field(body, "body")})
    if not form.is_valid():
        return api_error("invalid", _("Some fields are not valid."), 400, fields=form_errors(form))
    message = message_post(case=case, body=form.cleaned_data["body"], author=staff.user)
    return JsonResponse({"id": str(message.uid)}, status=201)


@api_view("POST")
@unauthorized_as_401
def case_notes(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    form = NoteForm({"body": text_field(json_object(request), "body")})
    if not form.is_valid():
        return api_error("invalid", _("Some fields are not valid."), 400, fields=form_errors(form))
    note = note_add(case=case, author=staff.user, body=form.cleaned_data["body"])
    return JsonResponse({"id": str(note.uid)}, status=201)


@api_view("POST")
@unauthorized_as_401
def case_grants(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    username = text_field(json_object(request), "username")
    grantee = User.objects.filter(username=username).first()
    try:
        if grantee is None:
            raise GrantRefused(_("No such team member."))
        case_grant(
            case=case,
            grantee=grantee,
            actor=staff.user,
            case_key=unlock_case(case, staff.user, staff.key),
        )
    except GrantRefused as refused:
        return api_error("refused", refused.message, 400)
    return JsonResponse({"username": grantee.username}, status=201)


@api_view("DELETE")
@unauthorized_as_401
def case_grant_delete(request: HttpRequest, number: str, username: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    grantee = User.objects.filter(username=username).first()
    try:
        if grantee is None:
            raise GrantRefused(_("This person has no access to revoke."))
        case_revoke(case=case, grantee=grantee, actor=staff.user)
    except GrantRefused as refused:
        return api_error("refused", refused.message, 400)
    return HttpResponse(status=204)


def _edit_from_json(body: dict[str, Any]) -> CaseEdit:
    """A CaseEdit from a PATCH body; BadRequest on wrong types."""
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise BadRequest(
            "invalid", _("“version” is required: the version you edited from."), "version"
        )
    edit = CaseEdit(version=version)
    for name in ("status", "priority", "reason"):
        if name in body:
            setattr(edit, name, text_field(body, name))
    if "assignee" in body:
        if body["assignee"] is None:
            edit.unassign = True
        else:
            assignee = User.objects.filter(username=text_field(body, "assignee")).first()
            if assignee is None:
                raise BadRequest("invalid", _("No such team member."), "assignee")
            edit.assignee = assignee
    if "labels" in body:
        labels = body["labels"]
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise BadRequest("invalid", _("“labels” must be a list of strings."), "labels")
        edit.labels = labels
    unknown = sorted(set(body) - {"version", "status", "priority", "reason", "assignee", "labels"})
    if unknown:
        raise BadRequest(
            "unknown_field", _("Unknown field: %(field)s.") % {"field": unknown[0]}, unknown[0]
        )
    return edit


@api_view("PATCH")
@unauthorized_as_401
def case_patch(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    edit = _edit_from_json(json_object(request))
    try:
        updated = case_edit(case=case, edit=edit, actor=staff.user)
    except EditRefused as refused:
        return api_error(refused.code, refused.message, refused.status)
    return JsonResponse(serializers.case_summary(updated))


@api_view("POST")
@unauthorized_as_401
def search(request: HttpRequest) -> HttpResponse:
    """The search page's answer as JSON: cases the token's user can read with every word."""
    staff = staff_credentials(request)
    query = text_field(json_object(request), "q")
    try:
        result = case_search(user=staff.user, private_key=staff.key, query=query)
    except QueryRefused as refused:
        return api_error("invalid", refused, 400)
    return JsonResponse(
        {
            "total": result.total,
            "searched": result.searched,
            "cases": [{"number": hit.number, "excerpt": hit.snippet} for hit in result.hits],
        }
    )


@api_view("GET")
@unauthorized_as_401
def queues(request: HttpRequest) -> HttpResponse:
    staff = staff_credentials(request)
    board = dashboard(staff.user, timezone.now(), summary=True)
    return JsonResponse(
        {
            "by_priority": dict(board.by_priority),
            "queues": {
                queue.slug: {
                    "total": queue.total,
                    "cases": [serializers.case_summary(c) for c in queue.cases],
                }
                for queue in board.queues
            },
        }
    )


@csrf_exempt
def case_item(request: HttpRequest, number: str) -> HttpResponse:
    """GET reads the case, PATCH edits its metadata: one URL, two operations."""
    if request.method == "PATCH":
        return case_patch(request, number)
    if request.method == "GET":
        return case_detail(request, number)
    return method_not_allowed("GET", "PATCH")
