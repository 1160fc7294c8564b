"""Staff pages on one case: the page itself, its file downloads, and the actions at its root
(reply, note, status, priority, labels, assignment, grants).

Every action has the one shape of `rightsdesk.cases.http.case_action` (staff, POST, the access
gate, the form, the service, the refusal shown on the case page); every read is audited by
`case_open` or `attachment_open`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.editing import CaseEdit, case_edit
from rightsdesk.cases.forms import (
    GrantForm,
    LabelsForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
)
from rightsdesk.cases.grants import GrantRefused, case_grant, case_revoke
from rightsdesk.cases.http import CaseRequest, Confirmation, Done, case_action
from rightsdesk.cases.models import Attachment
from rightsdesk.cases.page import render_case_page
from rightsdesk.cases.services import attachment_open, case_assign_to, message_post, note_add
from rightsdesk.cases.vocabulary import Status
from rightsdesk.core.downloads import download_response

# Statuses that end the work on a case: the reporter's inbox shows it as ended and the queues
# drop it, so setting one is confirmed on a second page.
ENDING = frozenset({Status.CLOSED, Status.RESOLVED, Status.DUPLICATE, Status.OUT_OF_MANDATE})


def _closing(data: dict[str, Any]) -> Confirmation | None:
    if data["status"] not in ENDING:
        return None
    return Confirmation(
        title=_("Set this case to “%(status)s”?") % {"status": Status(data["status"]).label},
        consequences=[
            _("The case leaves the open queues: nobody is reminded of it again."),
            _("The reporter's inbox shows that the team has ended its work on the case."),
        ],
        button=_("Yes, set the status"),
    )


def _revoking(data: dict[str, Any], username: str) -> Confirmation:
    return Confirmation(
        title=_("Remove the access of %(name)s?") % {"name": username},
        consequences=[
            _("Their copy of the case key is deleted: they can no longer open this case."),
            _("To give it back, someone who can read the case must grant it again."),
        ],
        button=_("Yes, remove access"),
    )


@staff_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return render_case_page(request, number)


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


@case_action(anchor="facts")
def case_assign(action: CaseRequest, data: dict[str, Any]) -> Done:
    case_assign_to(case=action.case, assignee=action.user, actor=action.user)
    return Done(_("Assigned to you."))


@case_action(ReplyForm, kept_as="reply", anchor="reply")
def case_reply(action: CaseRequest, data: dict[str, Any]) -> Done:
    message_post(case=action.case, body=data["body"], author=action.user)
    return Done(_("Your reply was sent."))


@case_action(NoteForm, kept_as="note", anchor="note")
def case_note(action: CaseRequest, data: dict[str, Any]) -> Done:
    note_add(case=action.case, author=action.user, body=data["body"])
    return Done(_("Note added."))


@case_action(
    StatusForm,
    auto_id="status_%s",
    invalid=gettext_lazy("Choose a status."),
    confirm=_closing,
    anchor="status",
)
def case_status(action: CaseRequest, data: dict[str, Any]) -> Done:
    edit = CaseEdit(version=data["version"], status=data["status"], reason=data["reason"])
    case_edit(case=action.case, edit=edit, actor=action.user)
    return Done(_("Status changed."))


@case_action(
    PriorityForm,
    auto_id="priority_%s",
    invalid=gettext_lazy("Choose a priority and give a reason."),
    anchor="status",
)
def case_priority(action: CaseRequest, data: dict[str, Any]) -> Done:
    edit = CaseEdit(version=data["version"], priority=data["priority"], reason=data["reason"])
    # A raise to P1 names an incident lead, who gets access in the same step: it needs the key.
    case_edit(case=action.case, edit=edit, actor=action.user, case_key=action.case_key())
    return Done(_("Priority changed."))


@case_action(
    LabelsForm,
    auto_id="labels_%s",
    invalid=gettext_lazy("Labels: at most 500 characters."),
    anchor="status",
)
def case_labels(action: CaseRequest, data: dict[str, Any]) -> Done:
    edit = CaseEdit(version=data["version"], labels=data["labels"].split(","))
    case_edit(case=action.case, edit=edit, actor=action.user)
    return Done(_("Labels saved."))


@case_action(
    GrantForm, auto_id="grant_%s", invalid=gettext_lazy("Choose a team member."), anchor="access"
)
def case_grant_view(action: CaseRequest, data: dict[str, Any]) -> Done:
    grantee = User.objects.filter(username=data["username"]).first()
    if grantee is None:
        raise GrantRefused(_("Choose a team member."))
    case_grant(case=action.case, grantee=grantee, actor=action.user, case_key=action.case_key())
    return Done(_("Access given."))


@case_action(confirm=_revoking, anchor="access")
def case_revoke_view(action: CaseRequest, data: dict[str, Any], username: str) -> Done:
    grantee = User.objects.filter(username=username).first()
    if grantee is None:
        raise GrantRefused(_("This person has no access to revoke."))
    case_revoke(case=action.case, grantee=grantee, actor=action.user)
    # Whoever revokes their own access can no longer open the case: back to the dashboard.
    to = reverse("cases:home") if grantee.pk == action.user.pk else ""
    return Done(_("Access removed."), to=to)
