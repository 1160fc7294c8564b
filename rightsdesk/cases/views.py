"""Staff pages on cases. Every case is loaded through `access_case`; every read is audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.editing import CaseEdit, EditRefused, case_edit
from rightsdesk.cases.forms import (
    GrantForm,
    LabelsForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
)
from rightsdesk.cases.grants import GrantRefused, case_grant, case_revoke
from rightsdesk.cases.models import Attachment, Case
from rightsdesk.cases.page import render_case_page
from rightsdesk.cases.services import (
    attachment_open,
    case_assign_to,
    message_post,
    note_add,
)
from rightsdesk.core.downloads import download_response


@staff_required
@require_POST
def case_assign(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    try:
        case_assign_to(case=case, assignee=user, actor=user)
    except EditRefused as refused:
        return render_case_page(request, number, problem=refused.message, status=refused.status)
    messages.success(request, _("Assigned to you."))
    return redirect("cases:detail", number=case.number)


@staff_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return render_case_page(request, number)


@staff_required
@require_POST
def case_reply(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        form.auto_id = "reply_%s"
        return render_case_page(request, number, reply=form, status=400)
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
        return render_case_page(request, number, status=400)
    edit = CaseEdit(
        version=form.cleaned_data["version"],
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
    )
    return _apply(request, case, edit, user, _("Status changed."))


def _apply(request: HttpRequest, case: Case, edit: CaseEdit, user: User, done: str) -> HttpResponse:
    try:
        case_edit(case=case, edit=edit, actor=user)
    except EditRefused as refused:
        return render_case_page(
            request,
            case.number,
            problem=refused.message,
            status=refused.status,
        )
    messages.success(request, done)
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


@staff_required
@require_POST
def case_note(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = NoteForm(request.POST)
    if not form.is_valid():
        form.auto_id = "note_%s"
        return render_case_page(request, number, note=form, status=400)
    note_add(case=case, author=user, body=form.cleaned_data["body"])
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_grant_view(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = GrantForm(request.POST)
    grantee = User.objects.filter(username=request.POST.get("username", "")).first()
    if not form.is_valid() or grantee is None:
        return render_case_page(request, number, problem=_("Choose a team member."), status=400)
    try:
        case_grant(
            case=case,
            grantee=grantee,
            actor=user,
            case_key=unlock_case(case, user, unlocked_key(request)),
        )
    except GrantRefused as refused:
        return render_case_page(request, number, problem=refused.message, status=400)
    messages.success(request, _("Access given."))
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_revoke_view(request: HttpRequest, number: str, username: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    grantee = User.objects.filter(username=username).first()
    try:
        if grantee is None:
            raise GrantRefused(_("This person has no access to revoke."))
        case_revoke(case=case, grantee=grantee, actor=user)
    except GrantRefused as refused:
        return render_case_page(request, number, problem=refused.message, status=400)
    messages.success(request, _("Access removed."))
    if grantee.pk == user.pk:
        return redirect("cases:home")
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_priority(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return render_case_page(
            request, number, problem=_("Choose a priority and give a reason."), status=400
        )
    edit = CaseEdit(
        version=form.cleaned_data["version"],
        priority=form.cleaned_data["priority"],
        reason=form.cleaned_data["reason"],
    )
    return _apply(request, case, edit, user, _("Priority changed."))


@staff_required
@require_POST
def case_labels(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = LabelsForm(request.POST)
    if not form.is_valid():
        return render_case_page(
            request, number, problem=_("Labels: at most 500 characters."), status=400
        )
    edit = CaseEdit(
        version=form.cleaned_data["version"],
        labels=form.cleaned_data["labels"].split(","),
    )
    return _apply(request, case, edit, user, _("Labels saved."))
