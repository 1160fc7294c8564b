"""Staff work on cases: list, read, edit the metadata, reply, note, grant and revoke access.

Every case goes through `access_case`: a case the token's user holds no grant to answers the same
404 as a missing one.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Status
from pydantic import MISSING

from rightsdesk.accounts.models import User
from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_case, staff_of, staff_token
from rightsdesk.api.errors import ApiError, errors, validated
from rightsdesk.api.parsing import In, Json, LenientIn, TypeMessage, absent, doc, limits_of
from rightsdesk.cases.access import unlock_case
from rightsdesk.cases.editing import LABEL, MAX_LABELS, CaseEdit, case_edit
from rightsdesk.cases.forms import NoteForm
from rightsdesk.cases.grants import GrantRefused, case_grant, case_revoke
from rightsdesk.cases.queues.selectors import PRIORITIES
from rightsdesk.cases.selectors import cases_for
from rightsdesk.cases.services import case_open, message_post, note_add
from rightsdesk.intake.forms import MessageForm

router = Router(tags=["cases"], auth=staff_token, by_alias=True)


class CaseList(shapes.Out):
    cases: list[shapes.CaseSummary]


class TextIn(LenientIn):
    body: str = doc(**limits_of(MessageForm, "body"))


class NoteIn(LenientIn):
    body: str = doc(**limits_of(NoteForm, "body"))


class GrantIn(LenientIn):
    username: str = doc(maxLength=150)


class Granted(shapes.Out):
    username: str


class CaseEditIn(In):
    """What to change; a field left out stays as it is. `assignee` null unassigns."""

    version: shapes.Version
    status: str | MISSING = absent(enum=shapes.STATUSES)
    priority: str | MISSING = absent(enum=list(PRIORITIES))
    reason: str | MISSING = absent(description="needed to change the priority")
    assignee: str | MISSING | None = absent(maxLength=150, description="a username")
    labels: Annotated[
        list[str] | MISSING, TypeMessage(gettext_lazy("“labels” must be a list of strings."))
    ] = absent(maxItems=MAX_LABELS, items={"type": "string", "pattern": LABEL.pattern})


@router.get(
    "/cases",
    response={200: CaseList, **errors(401)},
    operation_id="caseList",
    summary="The cases granted to you: metadata only",
)
def case_list(request: HttpRequest) -> CaseList:
    cases = cases_for(staff_of(request).user)
    return CaseList(cases=[shapes.case_summary(case) for case in cases])


@router.get(
    "/cases/{number}",
    response={200: shapes.OpenedCaseOut, **errors(401, 404)},
    operation_id="caseDetail",
    summary="The case, decrypted with your key (the read is audited)",
)
def case_detail(request: HttpRequest, number: str) -> shapes.OpenedCaseOut:
    staff, case = staff_case(request, number)
    key = unlock_case(case, staff.user, staff.key)
    return shapes.staff_case(case_open(case=case, key=key, actor=staff.user))


@router.patch(
    "/cases/{number}",
    response={200: shapes.CaseSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="caseEdit",
    summary="Edit the metadata; 409 stale if someone changed the case since `version`",
)
def case_patch(
    request: HttpRequest, number: str, body: Annotated[CaseEditIn, Json()]
) -> shapes.CaseSummary:
    staff, case = staff_case(request, number)
    edit = CaseEdit(version=body.version)
    for name in ("status", "priority", "reason"):
        if getattr(body, name) is not MISSING:
            setattr(edit, name, getattr(body, name))
    if body.assignee is None:
        edit.unassign = True
    elif body.assignee is not MISSING:
        edit.assignee = User.objects.filter(username=body.assignee).first()
        if edit.assignee is None:
            raise ApiError("invalid", _("No such team member."), field="assignee")
    if body.labels is not MISSING:
        edit.labels = body.labels
    # The key lets the edit give a new assignee or incident lead access in the same step; only
    # those edits need it (unwrapping costs a key exchange).
    names_someone = edit.assignee is not None or edit.priority is not None
    key = unlock_case(case, staff.user, staff.key) if names_someone else None
    return shapes.case_summary(case_edit(case=case, edit=edit, actor=staff.user, case_key=key))


@router.post(
    "/cases/{number}/messages",
    response={201: shapes.Created, **errors(400, 401, 404, 415)},
    operation_id="caseMessage",
    summary="A reply the reporter reads in their inbox",
)
def case_message(
    request: HttpRequest, number: str, body: Annotated[TextIn, Json()]
) -> Status[shapes.Created]:
    staff, case = staff_case(request, number)
    form = validated(MessageForm({"body": body.body}))
    message = message_post(case=case, body=form.cleaned_data["body"], author=staff.user)
    return Status(201, shapes.Created(id=str(message.uid)))


@router.post(
    "/cases/{number}/notes",
    response={201: shapes.Created, **errors(400, 401, 404, 415)},
    operation_id="caseNote",
    summary="An internal note, sealed, never shown to the reporter",
)
def case_note(
    request: HttpRequest, number: str, body: Annotated[NoteIn, Json()]
) -> Status[shapes.Created]:
    staff, case = staff_case(request, number)
    form = validated(NoteForm({"body": body.body}))
    note = note_add(case=case, author=staff.user, body=form.cleaned_data["body"])
    return Status(201, shapes.Created(id=str(note.uid)))


@router.post(
    "/cases/{number}/grants",
    response={201: Granted, **errors(400, 401, 404, 415)},
    operation_id="caseGrant",
    summary="Give a team member access: the case key is wrapped to them",
)
def case_grant_add(
    request: HttpRequest, number: str, body: Annotated[GrantIn, Json()]
) -> Status[Granted]:
    staff, case = staff_case(request, number)
    grantee = User.objects.filter(username=body.username).first()
    if grantee is None:
        raise GrantRefused(_("No such team member."))
    key = unlock_case(case, staff.user, staff.key)
    case_grant(case=case, grantee=grantee, actor=staff.user, case_key=key)
    return Status(201, Granted(username=grantee.username))


@router.delete(
    "/cases/{number}/grants/{username}",
    response={204: None, **errors(400, 401, 404)},
    operation_id="caseRevoke",
    summary="Take access away: their key wrap is deleted (not the last reader's)",
)
def case_grant_delete(request: HttpRequest, number: str, username: str) -> Status[None]:
    staff, case = staff_case(request, number)
    grantee = User.objects.filter(username=username).first()
    if grantee is None:
        raise GrantRefused(_("This person has no access to revoke."))
    case_revoke(case=case, grantee=grantee, actor=staff.user)
    return Status(204, None)
