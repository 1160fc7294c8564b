"""Grievances: file one (anyone), read the procedure and the register (anyone); list, read and
move grievances, and the scorecard (staff allowed to handle grievances or review appeals).

The same forms and services as the pages: `GrievanceForm` judges a filing, `MoveForm` and
`grievance_move` a move. Every grievance comes through `access_grievance`: missing, forbidden
and recused (named in it, or a declared conflict) answer the same 404. A filing carries files
when it comes as multipart/form-data, encrypted as they arrive (as on the web form). The person's
side after filing (follow-up, appeal, remedies, rating) is in `grievance_person`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from ninja import Router, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import FormIn, Json, LenientIn, choices_of, doc, limits_of, multipart
from rightsdesk.api.routers.reporters import TRUTHY, upload_list
from rightsdesk.grievances import stages
from rightsdesk.grievances.access import access_grievance, unlock_grievance
from rightsdesk.grievances.filing import grievance_file
from rightsdesk.grievances.forms import GrievanceForm, MoveForm, PeriodForm, filing_parts
from rightsdesk.grievances.models import Grievance
from rightsdesk.grievances.register import public_rows
from rightsdesk.grievances.scorecard import Ratio, scorecard
from rightsdesk.grievances.selectors import grievances_for
from rightsdesk.grievances.services import grievance_move, grievance_open
from rightsdesk.grievances.vocabulary import Channel, Stage

router = Router(tags=["grievances"], by_alias=True)

STAGES = list(Stage.values)


class GrievanceIn(FormIn):
    """A grievance. Values are judged by the grievance form of the web pages."""

    model_config = ConfigDict(strict=True, extra="ignore")  # unknown fields were always ignored

    category: str = doc(enum=choices_of(GrievanceForm, "category"))
    concerns: str = doc(enum=choices_of(GrievanceForm, "concerns"))
    what_happened: str = doc(**limits_of(GrievanceForm, "what_happened"))
    concerns_detail: str = doc("", **limits_of(GrievanceForm, "concerns_detail"))
    affected: str = doc("", **limits_of(GrievanceForm, "affected"))
    people_named: str = doc("", **limits_of(GrievanceForm, "people_named"))
    remedy_sought: str = doc("", **limits_of(GrievanceForm, "remedy_sought"))
    contact: str = doc("", **limits_of(GrievanceForm, "contact"))
    keep_uncleaned: bool | None = doc(
        None, description="store files whose metadata cannot be removed"
    )

    @classmethod
    def from_form(cls, post: QueryDict) -> dict[str, Any]:
        """Multipart fields have the JSON names; `keep_uncleaned` is "true", "1", "yes" or
        "on" for true."""
        data: dict[str, Any] = {name: post.get(name, "") for name in post}
        data["keep_uncleaned"] = post.get("keep_uncleaned", "").strip().lower() in TRUTHY
        return data


class GrievanceUpload(GrievanceIn):
    """A grievance as multipart/form-data, with files."""

    attachments: list[UploadedFile] = doc(
        [],
        maxItems=settings.RIGHTSDESK_MAX_FILES,
        description=f"at most {settings.RIGHTSDESK_MAX_FILE_BYTES} bytes each",
    )


class Receipt(shapes.Out):
    receipt: str = doc(pattern="^[0-9 ]{20,24}$", description="shown once: keep it safe")


class StageOut(shapes.Out):
    stage: str = doc(enum=STAGES)
    days: int | None = doc(description="the indicative time limit; none for closed")


class Procedure(shapes.Out):
    stages: list[StageOut]
    appeal_days: int
    appeal_review_days: int


class RegisterRow(shapes.Out):
    number: str
    month: str = doc(pattern="^[0-9]{4}-[0-9]{2}$")
    category: str
    stage: str = doc(enum=STAGES)
    outcome: str


class Register(shapes.Out):
    entries: list[RegisterRow]


class GrievanceSummary(shapes.Out):
    """Clear metadata only."""

    number: str
    filed: datetime.date
    category: str
    stage: str = doc(enum=STAGES)
    stage_due: datetime.datetime | None
    overdue: bool
    outcome: str


class MoveOut(shapes.Out):
    seq: int
    from_stage: str = doc(enum=STAGES)
    to_stage: str = doc(enum=STAGES)
    outcome: str
    at: datetime.datetime
    reason: str


class OpenedGrievanceOut(shapes.Out):
    summary: GrievanceSummary
    what_happened: str
    affected: str
    concerns_detail: str
    people_named: str
    remedy_sought: str
    contact: str
    moves: list[MoveOut]


class MoveIn(LenientIn):
    from_stage: str = doc(enum=STAGES, description="the stage you moved from (else 409 stale)")
    target: str = doc(enum=STAGES)
    outcome: str = doc("", enum=["", *choices_of(MoveForm, "outcome")])
    reason: str = doc("", **limits_of(MoveForm, "reason"))


class RatioOut(shapes.Out):
    part: int
    whole: int


class ScorecardOut(shapes.Out):
    start: datetime.date
    end: datetime.date
    filed: int
    channels: dict[str, int]
    languages: dict[str, int]
    anonymous: RatioOut
    on_time: RatioOut
    update_days: int
    updated: RatioOut
    partner_advice: RatioOut
    outcomes: dict[str, int]
    remedies: dict[str, int]
    learning: RatioOut
    rated: int
    satisfied: RatioOut
    mean_rating: float | None


def _summary(grievance: Grievance) -> GrievanceSummary:
    now = timezone.now()
    return GrievanceSummary(
        number=grievance.number,
        filed=grievance.filed_on,
        category=grievance.category,
        stage=grievance.stage,
        stage_due=grievance.stage_due,
        overdue=stages.clock_of(grievance.stage, grievance.stage_due, now).overdue,
        outcome=grievance.outcome_type,
    )


@router.post(
    "/grievances",
    response={201: Receipt, **errors(400, 415, 503)},
    openapi_extra=multipart(GrievanceUpload),
    operation_id="grievanceCreate",
    summary="File a grievance, with files if multipart; answers a receipt, shown once",
)
def grievance_create(
    request: HttpRequest, body: Annotated[GrievanceIn, Json(form=True)]
) -> Status[Receipt]:
    fields = body.model_dump(exclude={"keep_uncleaned"})
    form = validated(
        GrievanceForm({**fields, "keep_uncleaned": "on" if body.keep_uncleaned else ""})
    )
    filing, metadata = filing_parts(form, channel=Channel.API)
    filed = grievance_file(
        filing=filing,
        metadata=metadata,
        uploads=upload_list(request),
        keep_uncleaned=form.cleaned_data["keep_uncleaned"],
    )
    return Status(201, Receipt(receipt=filed.receipt))


@router.get(
    "/grievances",
    auth=staff_token,
    response={200: list[GrievanceSummary], **errors(401)},
    operation_id="grievanceList",
    summary="The grievances you may read: metadata only",
)
def grievance_list(request: HttpRequest) -> list[GrievanceSummary]:
    return [_summary(g) for g in grievances_for(staff_of(request).user)]


@router.get(
    "/grievances/procedure",
    response={200: Procedure},
    operation_id="grievanceProcedure",
    summary="The published procedure: stages and their time limits, the appeal",
)
def grievance_procedure(request: HttpRequest) -> Procedure:
    limits = stages.stage_limits()
    return Procedure(
        stages=[StageOut(stage=stage, days=limits.get(stage)) for stage in Stage],
        appeal_days=settings.RIGHTSDESK_GRIEVANCE_APPEAL_DAYS,
        appeal_review_days=settings.RIGHTSDESK_GRIEVANCE_APPEAL_REVIEW_DAYS,
    )


@router.get(
    "/grievances/register",
    response={200: Register},
    operation_id="grievanceRegister",
    summary="The public register: approved entries, codes only, rare categories grouped",
)
def grievance_register(request: HttpRequest) -> Register:
    return Register(
        entries=[
            RegisterRow(
                number=row.number,
                month=row.month,
                category=row.category,
                stage=row.stage,
                outcome=row.outcome,
            )
            for row in public_rows()
        ]
    )


def _ratio(value: Ratio) -> RatioOut:
    return RatioOut(part=value.part, whole=value.whole)


@router.get(
    "/grievances/scorecard",
    auth=staff_token,
    response={200: ScorecardOut, **errors(400, 401)},
    operation_id="grievanceScorecard",
    summary="The principle-31 scorecard of the grievances filed in [start, end)",
)
def grievance_scorecard(request: HttpRequest, start: str, end: str) -> ScorecardOut:
    staff_of(request)
    form = validated(PeriodForm({"start": start, "end": end}))
    card = scorecard(form.cleaned_data["start"], form.cleaned_data["end"])
    return ScorecardOut(
        start=card.start,
        end=card.end,
        filed=card.filed,
        channels=card.channels,
        languages=card.languages,
        anonymous=_ratio(card.anonymous),
        on_time=_ratio(card.on_time),
        update_days=card.update_days,
        updated=_ratio(card.updated),
        partner_advice=_ratio(card.partner_advice),
        outcomes=card.outcomes,
        remedies=card.remedies,
        learning=_ratio(card.learning),
        rated=card.rated,
        satisfied=_ratio(card.satisfied),
        mean_rating=card.mean_rating,
    )


@router.get(
    "/grievances/{number}",
    auth=staff_token,
    response={200: OpenedGrievanceOut, **errors(401, 404)},
    operation_id="grievanceDetail",
    summary="The grievance decrypted with your key (audited)",
)
def grievance_detail(request: HttpRequest, number: str) -> OpenedGrievanceOut:
    staff = staff_of(request)
    grievance = access_grievance(staff.user, number)
    key = unlock_grievance(grievance, staff.user, staff.key)
    opened = grievance_open(grievance=grievance, key=key, actor=staff.user)
    filing = opened.filing
    return OpenedGrievanceOut(
        summary=_summary(grievance),
        what_happened=filing.what_happened,
        affected=filing.affected,
        concerns_detail=filing.concerns_detail,
        people_named=filing.people_named,
        remedy_sought=filing.remedy_sought,
        contact=filing.contact,
        moves=[
            MoveOut(
                seq=m.seq,
                from_stage=m.from_stage,
                to_stage=m.to_stage,
                outcome=m.outcome,
                at=m.at,
                reason=m.reason,
            )
            for m in opened.moves
        ],
    )


@router.post(
    "/grievances/{number}/moves",
    auth=staff_token,
    response={201: GrievanceSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="grievanceMove",
    summary="Move a grievance one stage on (or back, with a reason); the person is told",
)
def grievance_move_op(
    request: HttpRequest, number: str, body: Annotated[MoveIn, Json()]
) -> Status[GrievanceSummary]:
    form = validated(MoveForm(body.model_dump()))
    staff = staff_of(request)
    grievance = access_grievance(staff.user, number)
    data = form.cleaned_data
    grievance_move(
        grievance=grievance,
        move=stages.Move(target=data["target"], outcome=data["outcome"], reason=data["reason"]),
        from_stage=data["from_stage"],
        actor=staff.user,
    )
    return Status(201, _summary(grievance))
