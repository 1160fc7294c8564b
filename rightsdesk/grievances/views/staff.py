"""Staff grievance pages under /grievances/staff/: the list, one grievance and its actions, the
scorecard. Every view is behind `staff_required`; a grievance is loaded only through the gate
(`access_grievance`), so missing, forbidden and recused answer the same 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.core.downloads import download_response
from rightsdesk.grievances import stages
from rightsdesk.grievances.access import access_grievance, unlock_grievance
from rightsdesk.grievances.appeals import appeal_decide
from rightsdesk.grievances.forms import (
    AppealDecisionForm,
    ConfirmForm,
    GrantForm,
    LearningForm,
    MoveForm,
    PeriodForm,
    RemedyDoneForm,
    RemedyForm,
    ReplyForm,
)
from rightsdesk.grievances.http import GrievanceRequest, grievance_action
from rightsdesk.grievances.models import GrievanceAttachment
from rightsdesk.grievances.opened import file_open
from rightsdesk.grievances.page import render_grievance_page
from rightsdesk.grievances.register import register_approve, register_withdraw
from rightsdesk.grievances.remedies import remedy_add, remedy_done
from rightsdesk.grievances.scorecard import scorecard
from rightsdesk.grievances.selectors import grievances_for, may_handle, may_review
from rightsdesk.grievances.services import (
    grievance_grant,
    grievance_learning,
    grievance_move,
    grievance_recuse,
    grievance_reply,
)


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    now = timezone.now()
    rows = [(g, stages.clock_of(g.stage, g.stage_due, now)) for g in grievances_for(user)]
    context = {"rows": rows, "allowed": may_handle(user) or may_review(user)}
    return render(request, "grievances/staff/list.html", context)


@staff_required
def staff_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    grievance = access_grievance(user, number)
    return render_grievance_page(
        request, GrievanceRequest(request=request, user=user, grievance=grievance)
    )


@staff_required
def staff_file(request: HttpRequest, number: str, uid: object) -> HttpResponseBase:
    user = staff_user(request)
    grievance = access_grievance(user, number)
    key = unlock_grievance(grievance, user, unlocked_key(request))
    try:
        meta, stream = file_open(grievance, str(uid), key)
    except (GrievanceAttachment.DoesNotExist, ValueError):
        raise Http404 from None
    return download_response(meta["name"], meta["mime"], stream)


@grievance_action(MoveForm, kept_as="move")
def staff_move(action: GrievanceRequest, data: dict[str, Any]) -> str:
    grievance_move(
        grievance=action.grievance,
        move=stages.Move(target=data["target"], outcome=data["outcome"], reason=data["reason"]),
        from_stage=data["from_stage"],
        actor=action.user,
    )
    return _("Moved. The person sees the new stage and your reasons with their receipt.")


@grievance_action(ReplyForm, kept_as="reply")
def staff_reply(action: GrievanceRequest, data: dict[str, Any]) -> str:
    grievance_reply(grievance=action.grievance, body=data["body"], actor=action.user)
    return _("Message sent.")


@grievance_action(GrantForm, kept_as="grant")
def staff_grant(action: GrievanceRequest, data: dict[str, Any]) -> str:
    user = grievance_grant(
        grievance=action.grievance, key=action.key(), actor=action.user, username=data["username"]
    )
    return _("%(name)s can now read this grievance.") % {"name": user.username}


@grievance_action(ConfirmForm, kept_as="recuse")
def staff_recuse(action: GrievanceRequest, data: dict[str, Any]) -> str:
    grievance_recuse(grievance=action.grievance, actor=action.user)
    return _("Conflict declared: you can no longer read this grievance.")


@grievance_action(LearningForm, kept_as="learning")
def staff_learning(action: GrievanceRequest, data: dict[str, Any]) -> str:
    grievance_learning(
        grievance=action.grievance,
        actor=action.user,
        partner_advice=data["partner_advice"],
        learning=data["learning"],
        learning_ref=data["learning_ref"],
    )
    return _("Saved.")


@grievance_action(RemedyForm, kept_as="remedy")
def staff_remedy(action: GrievanceRequest, data: dict[str, Any]) -> str:
    remedy_add(
        grievance=action.grievance,
        actor=action.user,
        kind=data["kind"],
        who=data["who"],
        what=data["what"],
        due_on=data["due_on"],
    )
    return _("Remedy added.")


@grievance_action(RemedyDoneForm, kept_as="done")
def staff_remedy_done(action: GrievanceRequest, data: dict[str, Any]) -> str:
    remedy_done(
        grievance=action.grievance,
        actor=action.user,
        uid=str(data["remedy"]),
        evidence=data["evidence"],
    )
    return _("Remedy marked as carried out.")


@grievance_action(AppealDecisionForm, kept_as="decision")
def staff_appeal(action: GrievanceRequest, data: dict[str, Any]) -> str:
    appeal_decide(
        grievance=action.grievance,
        actor=action.user,
        outcome=data["outcome"],
        reasons=data["reasons"],
    )
    return _("Appeal decided. The person sees the outcome and your reasons.")


@grievance_action(ConfirmForm, kept_as="register")
def staff_register(action: GrievanceRequest, data: dict[str, Any]) -> str:
    if data["withdraw"]:
        register_withdraw(grievance=action.grievance, actor=action.user)
        return _("Taken out of the public register.")
    register_approve(grievance=action.grievance, actor=action.user)
    return _("Approved for the public register: number, month, category, stage and outcome.")


@staff_required
def staff_scorecard(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not (may_handle(user) or may_review(user) or user.role == "admin"):
        raise PermissionDenied
    today = timezone.now().date()
    form = PeriodForm(request.GET or None)
    start, end = today.replace(month=1, day=1), today + timedelta(days=1)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    card = scorecard(start, end)
    return render(
        request,
        "grievances/staff/scorecard.html",
        {"card": card, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
