"""The person's side of a grievance: what the follow-up pages do, for a client that speaks JSON.

Sign in with the grievance's receipt at `POST /reporter/login` (the one inbox: it answers
`"opens": "grievance"`), then send the token as a bearer to these operations. The same services
as the pages (rightsdesk.grievances.follow) and the same forms judge every value; a refusal of
the procedure (no decision yet, the appeal window passed, a rating before closing) is a 400
"refused" that changes nothing. Messages come as JSON or as multipart/form-data with files,
encrypted as they arrive, as on the follow page.
"""

from __future__ import annotations

import datetime
from typing import Annotated
from uuid import UUID

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from ninja import Router, Status

from rightsdesk.api import shapes
from rightsdesk.api.auth import follow_of, grievance_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import Json, LenientIn, choices_of, doc, limits_of, multipart
from rightsdesk.api.routers.reporters import MessageIn, MessageUpload, person_message
from rightsdesk.core.downloads import download_response
from rightsdesk.grievances import follow as follow_service
from rightsdesk.grievances import stages
from rightsdesk.grievances.forms import AppealForm, RatingForm, RemedyViewForm
from rightsdesk.grievances.models import GrievanceAttachment
from rightsdesk.grievances.opened import OpenedFile, file_open, open_all
from rightsdesk.grievances.vocabulary import STAGE_EXPLANATIONS, Stage

router = Router(tags=["grievance follow-up"], by_alias=True)


class StepOut(shapes.Out):
    stage: str = doc(enum=list(Stage.values))
    outcome: str
    at: datetime.datetime
    reason: str = doc(description="what the handlers wrote to the person with the move")


class RemedyOut(shapes.Out):
    id: str
    kind: str
    what: str
    due: datetime.date
    done: datetime.datetime | None
    your_view: str = doc(description="empty until you say whether it remedied the harm")


class AppealOut(shapes.Out):
    filed: datetime.date
    due: datetime.datetime
    outcome: str = doc(description="empty while the review is under way")
    reasons: str


class MyGrievanceOut(shapes.Out):
    """The person's own grievance: its stage and clock, what they sent, the conversation."""

    number: str
    stage: str = doc(enum=list(Stage.values))
    stage_explained: str
    stage_due: datetime.datetime | None
    overdue: bool
    history: list[StepOut]
    appeal_until: datetime.datetime | None
    may_appeal: bool
    appeal: AppealOut | None
    remedies: list[RemedyOut]
    rated: int | None
    what_happened: str
    remedy_sought: str
    files: list[shapes.File]
    messages: list[shapes.Message]


class AppealIn(LenientIn):
    grounds: str = doc(**limits_of(AppealForm, "grounds"))


class RemedyViewIn(LenientIn):
    view: str = doc(enum=choices_of(RemedyViewForm, "view"))
    comment: str = doc("", **limits_of(RemedyViewForm, "comment"))


class RatingIn(LenientIn):
    rating: int = doc(ge=1, le=5, description="1 very badly, 5 very well")


def _files(items: list[OpenedFile]) -> list[shapes.File]:
    return [
        shapes.File(
            id=item.uid,
            name=item.meta["name"],
            type=item.meta["mime"],
            size=item.meta["size"],
            cleaned=item.meta["cleaned"],
        )
        for item in items
    ]


@router.get(
    "/grievance",
    auth=grievance_token,
    response={200: MyGrievanceOut, **errors(401)},
    operation_id="grievanceFollow",
    summary="Your grievance: stage and clock, history, appeal, remedies, the conversation",
)
def grievance_follow(request: HttpRequest) -> MyGrievanceOut:
    follow = follow_of(request)
    grievance = follow.grievance
    grievance.refresh_from_db()
    now = timezone.now()
    opened = open_all(grievance, follow.key)
    appeal = opened.appeal
    return MyGrievanceOut(
        number=grievance.number,
        stage=grievance.stage,
        stage_explained=str(STAGE_EXPLANATIONS[Stage(grievance.stage)]),
        stage_due=grievance.stage_due,
        overdue=stages.clock_of(grievance.stage, grievance.stage_due, now).overdue,
        history=[
            StepOut(stage=m.to_stage, outcome=m.outcome, at=m.at, reason=m.reason)
            for m in opened.moves
        ],
        appeal_until=follow_service.appeal_window_end(grievance),
        may_appeal=follow_service.may_appeal(grievance, now),
        appeal=None
        if appeal is None
        else AppealOut(
            filed=appeal.filed_on, due=appeal.due, outcome=appeal.outcome, reasons=appeal.reasons
        ),
        remedies=[
            RemedyOut(
                id=r.uid,
                kind=r.kind,
                what=r.what,
                due=r.due_on,
                done=r.done_at,
                your_view=r.person_view,
            )
            for r in opened.remedies
        ],
        rated=grievance.satisfaction,
        what_happened=opened.filing.what_happened,
        remedy_sought=opened.filing.remedy_sought,
        files=_files(opened.files),
        messages=[
            shapes.Message.model_validate(
                {
                    "id": str(m.seq),
                    "from": "team" if m.direction == "team" else "reporter",
                    "date": m.created_on,
                    "body": m.body,
                    "files": _files(m.files),
                }
            )
            for m in opened.messages
        ],
    )


@router.get(
    "/grievance/files/{uid}",
    auth=grievance_token,
    response={200: None, **errors(401, 404)},
    operation_id="grievanceFollowFile",
    summary="A file of your grievance (yours or the handlers'), decrypted",
)
def grievance_follow_file(request: HttpRequest, uid: UUID) -> HttpResponseBase:
    follow = follow_of(request)
    try:
        meta, stream = file_open(follow.grievance, str(uid), follow.key)
    except GrievanceAttachment.DoesNotExist:
        raise Http404 from None
    return download_response(meta["name"], meta["mime"], stream)


@router.post(
    "/grievance/messages",
    auth=grievance_token,
    response={201: shapes.Created, **errors(400, 401, 415, 503)},
    openapi_extra=multipart(MessageUpload),
    operation_id="grievanceFollowMessage",
    summary="A message to the handlers, with files if multipart",
)
def grievance_follow_message(
    request: HttpRequest, body: Annotated[MessageIn, Json(form=True)]
) -> Status[shapes.Created]:
    typed = person_message(request, body)
    message = follow_service.person_message(
        follow=follow_of(request),
        body=typed.body,
        uploads=typed.uploads,
        keep_uncleaned=typed.keep_uncleaned,
    )
    return Status(201, shapes.Created(id=str(message.seq)))


@router.post(
    "/grievance/appeal",
    auth=grievance_token,
    response={201: shapes.Created, **errors(400, 401, 415)},
    operation_id="grievanceFollowAppeal",
    summary="Appeal the decision, within the appeal window, once",
)
def grievance_follow_appeal(
    request: HttpRequest, body: Annotated[AppealIn, Json()]
) -> Status[shapes.Created]:
    form = validated(AppealForm(body.model_dump()))
    appeal = follow_service.person_appeal(
        follow=follow_of(request), grounds=form.cleaned_data["grounds"]
    )
    return Status(201, shapes.Created(id=str(appeal.uid)))


@router.post(
    "/grievance/remedies/{uid}/view",
    auth=grievance_token,
    response={200: shapes.Created, **errors(400, 401, 415)},
    operation_id="grievanceFollowRemedyView",
    summary="Say whether a carried-out remedy put right the harm",
)
def grievance_follow_remedy_view(
    request: HttpRequest, uid: UUID, body: Annotated[RemedyViewIn, Json()]
) -> shapes.Created:
    form = validated(RemedyViewForm({"remedy": str(uid), **body.model_dump()}))
    data = form.cleaned_data
    remedy = follow_service.person_remedy_view(
        follow=follow_of(request),
        uid=str(data["remedy"]),
        view=data["view"],
        comment=data["comment"],
    )
    return shapes.Created(id=str(remedy.uid))


@router.post(
    "/grievance/rating",
    auth=grievance_token,
    response={204: None, **errors(400, 401, 415)},
    operation_id="grievanceFollowRating",
    summary="Rate the procedure, 1 to 5, once the grievance is closed",
)
def grievance_follow_rating(
    request: HttpRequest, body: Annotated[RatingIn, Json()]
) -> Status[None]:
    form = validated(RatingForm({"rating": str(body.rating)}))
    follow_service.person_rating(follow=follow_of(request), rating=form.cleaned_data["rating"])
    return Status(204, None)
