"""Staff pages on cases. Every case is loaded through `access_case`; every read is audited."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.content import open_note
from rightsdesk.cases.crisis import checklist, crisis_close, decision_log, step_done
from rightsdesk.cases.editing import CaseEdit, EditRefused, case_edit
from rightsdesk.cases.forms import (
    GrantForm,
    LabelsForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
)
from rightsdesk.cases.grants import GrantRefused, case_grant, case_revoke, grantable_users, readers
from rightsdesk.cases.links import link_panel
from rightsdesk.cases.models import Attachment, Case, Crisis
from rightsdesk.cases.reply_views import reply_start_context
from rightsdesk.cases.services import (
    attachment_open,
    case_assign_to,
    case_open,
    message_post,
    note_add,
)
from rightsdesk.cases.triage_forms import triage_context
from rightsdesk.core.countries import country_name
from rightsdesk.intake.views import download_response


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


def render_case_page(
    request: HttpRequest,
    number: str,
    *,
    reply: ReplyForm | None = None,
    note: NoteForm | None = None,
    problem: str = "",
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """The case page, through the access gate; audited as a read by `case_open`.

    Views that refuse a form call it with the reason in `problem`, the status to answer, and the
    refused form as the handler filled it (`reply`, `note`, or in `bound` by the name its block
    uses), so the handler sees what they typed.
    """
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
            "reply": reply or ReplyForm(auto_id="reply_%s"),
            "status_form": StatusForm(
                initial={"status": case.status, "version": case.version}, auto_id="status_%s"
            ),
            "labels_form": LabelsForm(
                initial={"labels": ", ".join(case.labels), "version": case.version},
                auto_id="labels_%s",
            ),
            "priority_form": PriorityForm(
                initial={"priority": case.priority, "version": case.version},
                auto_id="priority_%s",
            ),
            "note": note or NoteForm(auto_id="note_%s"),
            "readers": readers(case),
            "grantable": grantable_users(case),
            "problem": problem,
            "crisis": _crisis_context(case, key),
            "links": link_panel(case, user),
            "triage": triage_context(case, key, opened.report, bound or {}),
            "reply_templates": reply_start_context(request, case, opened.report),
        },
        status=status,
    )


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


def _crisis_context(case: Case, key: PrivateKey) -> dict[str, object] | None:
    """The crisis block of a case page: the checklist in the viewer's language (English where
    there is no translation, and the page says so) and the decision log."""
    crisis = Crisis.objects.filter(case=case).select_related("lead").first()
    if crisis is None:
        return None
    return {
        "crisis": crisis,
        "checklist": checklist(crisis, get_language()),
        "decisions": [
            (
                entry.author.username if entry.author else "",
                entry.at,
                open_note(bytes(entry.body), key, f"decision-{entry.uid}"),
            )
            for entry in crisis.decisions.select_related("author")
        ],
    }


def _crisis_of(request: HttpRequest, number: str) -> tuple[Case, Crisis, User]:
    user = staff_user(request)
    case = access_case(user, number)
    crisis = Crisis.objects.filter(case=case).first()
    if crisis is None:
        raise Http404
    return case, crisis, user


@staff_required
@require_POST
def crisis_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    case, crisis, user = _crisis_of(request, number)
    step_done(crisis=crisis, step_id=step, actor=user)
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def crisis_decision(request: HttpRequest, number: str) -> HttpResponse:
    case, crisis, user = _crisis_of(request, number)
    text = request.POST.get("decision", "").strip()
    if not text or len(text) > 2000:
        return render_case_page(
            request, number, problem=_("Write the decision (up to 2,000 characters)."), status=400
        )
    decision_log(crisis=crisis, author=user, text=text)
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def crisis_close_view(request: HttpRequest, number: str) -> HttpResponse:
    case, crisis, user = _crisis_of(request, number)
    review = request.POST.get("review", "").strip()
    if not review or len(review) > 10_000:
        return render_case_page(
            request, number, problem=_("Closing a crisis needs a post-incident review."), status=400
        )
    crisis_close(crisis=crisis, actor=user, review=review)
    return redirect("cases:detail", number=case.number)
