"""Due diligence, the phases and the people: the checklist, sign-off, the engagement log,
evidence files, and who may read an assessment (give and take away access).

The same gate, forms and services as the pages (rightsdesk.diligence.views.actions): every
assessment through `access_assessment` (one the token's user cannot read answers the same 404 as
a missing one), the body judged by the page's form, then one service call; a refusal (a sign-off
with open checklist items, a phase that is not the current one, the owner's or the last reader's
access) is a 400 with the service's own message, and nothing changes.

Evidence comes as multipart/form-data (the `file` parts and `phase`): the encrypting upload
handler encrypts each file as it arrives, as on the page, and the service adopts it.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Status
from ninja.files import UploadedFile
from pydantic import Field

from rightsdesk.accounts.models import User
from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import FormIn, In, Json, TypeMessage, choices_of, doc, multipart
from rightsdesk.api.routers.diligence import AssessmentSummary, assessment_summary
from rightsdesk.cases.submission.attachments import AttachmentRefused
from rightsdesk.core.files import uploads_of
from rightsdesk.diligence.access import access_assessment, unlock_assessment
from rightsdesk.diligence.forms import (
    ChecklistForm,
    EngagementForm,
    EvidenceForm,
    SignoffForm,
)
from rightsdesk.diligence.models import Assessment
from rightsdesk.diligence.services.assessments import (
    checklist_tick,
    engagement_record,
    evidence_add,
    phase_signoff,
)
from rightsdesk.diligence.services.common import DiligenceRefused
from rightsdesk.diligence.services.readers import assessment_grant, assessment_revoke
from rightsdesk.diligence.vocabulary import CHECKLISTS, Phase

router = Router(tags=["diligence"], auth=staff_token, by_alias=True)

PHASE_MESSAGE = gettext_lazy("“phase” must be a phase number, 1 to 5.")
Phase_ = Annotated[int, TypeMessage(PHASE_MESSAGE), doc(enum=list(Phase.values))]
A = "/diligence/assessments/{uid}"


class ChecklistIn(In):
    phase: Phase_
    items: list[str] = doc(
        description="the ticked items of the phase (the others are unticked)",
        items={"enum": sorted({code for items in CHECKLISTS.values() for code, _l in items})},
    )


class ChecklistOut(shapes.Out):
    phase: int
    ticked: list[str]
    open: list[str]


class SignoffIn(In):
    phase: Phase_
    note: str = doc("", maxLength=2000)
    version: Annotated[
        int | None,
        Field(ge=0, le=2**63 - 1),
        TypeMessage(gettext_lazy("“version” must be the version you signed off from.")),
    ] = None


class EngagementIn(In):
    group: str = doc(enum=choices_of(EngagementForm, "group"))
    method: str = doc(enum=choices_of(EngagementForm, "method"))
    held_on: str = doc(format="date")
    participants: Annotated[
        int, TypeMessage(gettext_lazy("“participants” must be a whole number."))
    ] = doc(0, minimum=0, maximum=1_000_000)
    said: str = doc(minLength=1, maxLength=4000, description="sealed")
    notes: str = doc("", maxLength=4000, description="sealed")


class EvidenceIn(FormIn):
    phase: Phase_

    @classmethod
    def from_form(cls, post: QueryDict) -> dict[str, Any]:
        raw = post.get("phase", "")
        return {"phase": int(raw) if raw.isascii() and raw.isdigit() else raw}


class EvidenceUpload(EvidenceIn):
    """Evidence as multipart/form-data: one or more `file` parts."""

    file: list[UploadedFile] = Field(default_factory=list)


class EvidenceAdded(shapes.Out):
    ids: list[str]


class ReaderIn(In):
    username: str = doc(maxLength=150)


class Reader(shapes.Out):
    username: str


def _checklist(assessment: Assessment, phase: int) -> ChecklistOut:
    """The phase's checklist as it is now (clear codes; the caller passed the gate)."""
    ticked = set(assessment.ticks.filter(phase=phase).values_list("item", flat=True))
    codes = [code for code, _label in CHECKLISTS[phase]]
    return ChecklistOut(
        phase=phase,
        ticked=[c for c in codes if c in ticked],
        open=[c for c in codes if c not in ticked],
    )


@router.post(
    f"{A}/checklist",
    response={200: ChecklistOut, **errors(400, 401, 404, 415)},
    operation_id="assessmentChecklist",
    summary="Tick a phase's checklist: the items sent are ticked, the others unticked",
)
def checklist_set(
    request: HttpRequest, uid: str, body: Annotated[ChecklistIn, Json()]
) -> ChecklistOut:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    form = validated(ChecklistForm({"phase": body.phase, "items": body.items}))
    phase = form.cleaned_data["phase"]
    checklist_tick(
        assessment=assessment,
        actor=staff.user,
        phase=phase,
        items=form.cleaned_data["items"],
        now=timezone.now(),
    )
    return _checklist(assessment, phase)


@router.post(
    f"{A}/signoff",
    response={200: AssessmentSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="assessmentSignoff",
    summary="Sign the current phase off (refused while its checklist has open items)",
)
def signoff(
    request: HttpRequest, uid: str, body: Annotated[SignoffIn, Json()]
) -> AssessmentSummary:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    data = {"phase": body.phase, "note": body.note, "version": body.version}
    form = validated(SignoffForm({k: v for k, v in data.items() if v is not None}))
    phase_signoff(
        assessment=assessment,
        actor=staff.user,
        phase=form.cleaned_data["phase"],
        note=form.cleaned_data["note"],
        now=timezone.now(),
        version=form.cleaned_data["version"],
    )
    assessment.refresh_from_db()
    return assessment_summary(assessment)


@router.post(
    f"{A}/engagements",
    response={201: shapes.Created, **errors(400, 401, 404, 415)},
    operation_id="engagementAdd",
    summary="Log a consultation of a rights-holder group (what they said and the notes sealed)",
)
def engagement_add(
    request: HttpRequest, uid: str, body: Annotated[EngagementIn, Json()]
) -> Status[shapes.Created]:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    form = validated(EngagementForm(body.model_dump()))
    made = engagement_record(assessment=assessment, actor=staff.user, **form.cleaned_data)
    return Status(201, shapes.Created(id=str(made.uid)))


@router.post(
    f"{A}/evidence",
    response={201: EvidenceAdded, **errors(400, 401, 404, 415)},
    openapi_extra=multipart(EvidenceUpload),
    operation_id="evidenceAdd",
    summary="Add evidence files to a phase (multipart; encrypted as they arrive)",
)
def evidence_create(
    request: HttpRequest, uid: str, body: Annotated[EvidenceIn, Json(form=True)]
) -> Status[EvidenceAdded]:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    form = validated(EvidenceForm({"phase": body.phase}))
    problems = getattr(request, "upload_problems", None)
    if problems:
        raise AttachmentRefused(problems[0])
    uploads = uploads_of(request, "file")
    if not uploads:
        raise DiligenceRefused(_("Choose a file to add."))
    added = [
        evidence_add(
            assessment=assessment,
            actor=staff.user,
            phase=form.cleaned_data["phase"],
            upload=upload,
            now=timezone.now(),
        )
        for upload in uploads
    ]
    return Status(201, EvidenceAdded(ids=[str(e.uid) for e in added]))


@router.post(
    f"{A}/readers",
    response={201: Reader, **errors(400, 401, 404, 415)},
    operation_id="assessmentGrant",
    summary="Give a team member access: the assessment key is wrapped to them",
)
def reader_add(request: HttpRequest, uid: str, body: Annotated[ReaderIn, Json()]) -> Status[Reader]:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    reader = User.objects.filter(username=body.username).first()
    if reader is None:
        raise DiligenceRefused(_("No such team member."))
    key = unlock_assessment(assessment, staff.user, staff.key)
    assessment_grant(assessment=assessment, key=key, actor=staff.user, reader=reader)
    return Status(201, Reader(username=reader.username))


@router.delete(
    f"{A}/readers/{{username}}",
    response={204: None, **errors(400, 401, 404)},
    operation_id="assessmentRevoke",
    summary="Take access away: their key wrap is deleted (never the owner's or the last one)",
)
def reader_remove(request: HttpRequest, uid: str, username: str) -> Status[None]:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    reader = User.objects.filter(username=username).first()
    if reader is None:
        raise DiligenceRefused(_("This person has no access to revoke."))
    assessment_revoke(assessment=assessment, actor=staff.user, reader=reader)
    return Status(204, None)
