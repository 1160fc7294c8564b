"""Triage: classify a case, record vetting and the mandate check.

The rules and the audit are those of the case page (rightsdesk.cases.triage.services,
the same services); a case the caller cannot read answers 404, as a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_case, staff_token
from rightsdesk.api.errors import ApiError, errors
from rightsdesk.api.parsing import In, Json, doc
from rightsdesk.cases.models import TriageStep
from rightsdesk.cases.triage.services import (
    ClassificationEdit,
    case_classify,
    mandate_record,
    vetting_record,
)
from rightsdesk.cases.vocabulary import (
    ActorType,
    Affected,
    Mandate,
    Right,
    TargetReason,
    ThreatType,
    Vetting,
)

router = Router(tags=["triage"], auth=staff_token, by_alias=True)


def _codes(values: list[str]) -> Any:
    return doc([], items={"type": "string", "enum": values})


class ClassificationIn(In):
    """The whole classification: a list left out is cleared."""

    version: shapes.Version
    threat_types: list[str] = _codes(list(ThreatType.values))
    rights: list[str] = _codes(list(Right.values))
    actor_types: list[str] = _codes(list(ActorType.values))
    reasons: list[str] = _codes(list(TargetReason.values))
    affected: list[str] = _codes(list(Affected.values))


class TriageStepIn(In):
    """vetting: outcome verified, unverified or not_needed; mandate: in or out (out also needs
    `referral` and `version`: the referral is sent to the reporter and the case becomes out of
    mandate)."""

    kind: str = doc(enum=list(TriageStep.Kind.values))
    outcome: str = doc(enum=[*Vetting.values, *Mandate.values])
    note: str | None = doc(None, maxLength=2000)
    referral: str | None = doc(None, maxLength=5000)
    version: shapes.Version | None = None


class TriageStepOut(shapes.Out):
    kind: str
    outcome: str


@router.post(
    "/cases/{number}/classification",
    response={200: shapes.CaseSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="caseClassify",
    summary="Replace the classification; actors, reasons and who is affected are sealed",
)
def case_classification(
    request: HttpRequest, number: str, body: Annotated[ClassificationIn, Json()]
) -> shapes.CaseSummary:
    staff, case = staff_case(request, number)
    edit = ClassificationEdit(**body.model_dump())
    return shapes.case_summary(case_classify(case=case, edit=edit, actor=staff.user))


@router.post(
    "/cases/{number}/triage-steps",
    response={201: TriageStepOut, **errors(400, 401, 404, 409, 415)},
    operation_id="caseTriageStep",
    summary="Record vetting or the mandate check",
)
def case_triage_step(
    request: HttpRequest, number: str, body: Annotated[TriageStepIn, Json()]
) -> Status[TriageStepOut]:
    staff, case = staff_case(request, number)
    note = body.note or ""
    if body.kind == TriageStep.Kind.VETTING:
        step = vetting_record(case=case, outcome=body.outcome, note=note, actor=staff.user)
    elif body.kind == TriageStep.Kind.MANDATE:
        if body.version is None and body.outcome == Mandate.OUT:
            raise ApiError("invalid", shapes.VERSION_MESSAGE, field="version")
        step = mandate_record(
            case=case,
            outcome=body.outcome,
            note=note,
            referral=body.referral or "",
            version=-1 if body.version is None else body.version,
            actor=staff.user,
        )
    else:
        raise ApiError("invalid", _("“kind” must be “vetting” or “mandate”."), field="kind")
    return Status(201, TriageStepOut(kind=step.kind, outcome=step.outcome))
