"""Due diligence: assessments and their register (staff, through the assessment gate) and the
public recommendation tracker (no token).

Every assessment goes through `access_assessment`: one the token's user holds no wrap to answers
the same 404 as a missing one. Input is checked by the same forms as the pages, then the same
services (a score outside its scale, a potential impact without likelihood, a mitigation without
owner or date: 400 with the form's or the service's own message).
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from rightsdesk.accounts.models import User
from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import Json, LenientIn, doc, limits_of
from rightsdesk.diligence import rules
from rightsdesk.diligence.access import access_assessment, access_impact, unlock_assessment
from rightsdesk.diligence.forms import ImpactForm, MitigationForm
from rightsdesk.diligence.models import Assessment
from rightsdesk.diligence.selectors import published_recommendations, readable_assessments
from rightsdesk.diligence.services.register import (
    ImpactValues,
    MitigationValues,
    impact_add,
    mitigation_add,
    register_open,
)
from rightsdesk.diligence.vocabulary import ImpactKind, Involvement, Right

router = Router(tags=["diligence"], auth=staff_token, by_alias=True)


class AssessmentSummary(shapes.Out):
    id: str
    title: str
    subject: str
    phase: int
    state: str
    owner: str
    next_review: str


class AssessmentList(shapes.Out):
    assessments: list[AssessmentSummary]


class ImpactOut(shapes.Out):
    id: str
    title: str
    rights: list[str]
    kind: str
    involvement: str
    scale: int
    scope: int
    irremediability: int
    likelihood: int | None
    severity: int
    priority: str
    residual_severity: int | None
    rule: str
    open_mitigations: int


class RegisterOut(shapes.Out):
    assessment: AssessmentSummary
    rule_version: int
    rule: str
    impacts: list[ImpactOut]


class ImpactIn(LenientIn):
    title: str = doc(**limits_of(ImpactForm, "title"))
    description: str = doc("", **limits_of(ImpactForm, "description"))
    rights: list[str] = doc(minItems=1, items={"enum": list(Right.values)})
    holders: list[str] = doc([])
    holders_detail: str = doc("")
    vulnerabilities: list[str] = doc([])
    kind: str = doc(enum=list(ImpactKind.values))
    involvement: str = doc(enum=list(Involvement.values))
    scale: int = doc(minimum=1, maximum=4)
    scope: int = doc(minimum=1, maximum=4)
    irremediability: int = doc(minimum=1, maximum=4)
    likelihood: int | None = doc(None, minimum=1, maximum=4, description="potential impacts")
    confidence: int = doc(2, minimum=1, maximum=3)
    leverage: int = doc(2, minimum=1, maximum=3)


class MitigationIn(LenientIn):
    action: str = doc(**limits_of(MitigationForm, "action"))
    owner: str | None = doc(None, maxLength=150, description="a username")
    due_on: str | None = doc(None, format="date")
    metric: str
    baseline: str
    target: str
    feedback_source: str


class RecommendationOut(shapes.Out):
    id: str
    title: str
    status: str
    since: str
    assessment: str
    history: list[dict[str, str]]


class RecommendationList(shapes.Out):
    recommendations: list[RecommendationOut]


def assessment_summary(a: Assessment) -> AssessmentSummary:
    return AssessmentSummary(
        id=str(a.uid),
        title=a.title,
        subject=a.subject_kind,
        phase=a.phase,
        state=a.state,
        owner=a.owner.username,
        next_review=a.next_review.isoformat(),
    )


@router.get(
    "/diligence/assessments",
    response={200: AssessmentList, **errors(401)},
    operation_id="assessmentList",
    summary="The assessments you may read: metadata only",
)
def assessment_list(request: HttpRequest) -> AssessmentList:
    found = readable_assessments(staff_of(request).user).select_related("owner")
    return AssessmentList(assessments=[assessment_summary(a) for a in found])


@router.get(
    "/diligence/assessments/{uid}",
    response={200: RegisterOut, **errors(401, 404)},
    operation_id="assessmentRegister",
    summary="The register, decrypted with your key and ranked by the published rule (audited)",
)
def assessment_register(request: HttpRequest, uid: str) -> RegisterOut:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    key = unlock_assessment(assessment, staff.user, staff.key)
    rows = register_open(
        assessment=assessment, key=key, actor=staff.user, today=timezone.localdate()
    )
    rule = str(rules.RULE_TEXT)
    impacts = [
        ImpactOut(
            id=str(r.impact.uid),
            title=str(r.text.get("title", "")),
            rights=r.impact.rights,
            kind=r.impact.kind,
            involvement=r.impact.involvement,
            scale=r.impact.scale,
            scope=r.impact.scope,
            irremediability=r.impact.irremediability,
            likelihood=r.impact.likelihood,
            severity=r.severity,
            priority=r.band,
            residual_severity=r.residual_severity,
            rule=rule,
            open_mitigations=sum(
                1 for m in r.mitigations if m.mitigation.state in ("planned", "in_progress")
            ),
        )
        for r in rows
    ]
    return RegisterOut(
        assessment=assessment_summary(assessment),
        rule_version=rules.RULE_VERSION,
        rule=rule,
        impacts=impacts,
    )


@router.post(
    "/diligence/assessments/{uid}/impacts",
    response={201: shapes.Created, **errors(400, 401, 404, 415)},
    operation_id="impactAdd",
    summary="Add an impact to the register; scored on the published scales",
)
def impact_create(
    request: HttpRequest, uid: str, body: Annotated[ImpactIn, Json()]
) -> Status[shapes.Created]:
    staff = staff_of(request)
    assessment = access_assessment(staff.user, uid)
    data = body.model_dump()
    data["likelihood"] = "" if data["likelihood"] is None else data["likelihood"]
    form = validated(ImpactForm(data))
    impact = impact_add(
        assessment=assessment,
        actor=staff.user,
        values=ImpactValues(**form.cleaned_data),
        now=timezone.now(),
    )
    return Status(201, shapes.Created(id=str(impact.uid)))


@router.post(
    "/diligence/assessments/{uid}/impacts/{impact}/mitigations",
    response={201: shapes.Created, **errors(400, 401, 404, 415)},
    operation_id="mitigationAdd",
    summary="A mitigation with an owner, a due date and an effectiveness indicator",
)
def mitigation_create(
    request: HttpRequest, uid: str, impact: str, body: Annotated[MitigationIn, Json()]
) -> Status[shapes.Created]:
    staff = staff_of(request)
    row = access_impact(staff.user, uid, impact)
    data = body.model_dump()
    owner = User.objects.filter(username=data.pop("owner") or "").first()
    data["owner"] = owner.pk if owner else ""
    data["due_on"] = data["due_on"] or ""
    form = validated(MitigationForm(data))
    made = mitigation_add(
        impact=row,
        actor=staff.user,
        values=MitigationValues(**form.cleaned_data),
        now=timezone.now(),
    )
    return Status(201, shapes.Created(id=str(made.uid)))


@router.get(
    "/diligence/recommendations",
    auth=None,
    response={200: RecommendationList},
    operation_id="recommendationList",
    summary="The public tracker: each published recommendation, its status and history",
)
def recommendation_list(request: HttpRequest) -> RecommendationList:
    return RecommendationList(
        recommendations=[
            RecommendationOut(
                id=str(r.uid),
                title=r.title,
                status=r.status,
                since=r.status_since.isoformat(),
                assessment=r.assessment.title,
                history=[
                    {"status": u.status, "at": u.at.isoformat(), "note": u.note}
                    for u in r.updates.all()
                ],
            )
            for r in published_recommendations()
        ]
    )
