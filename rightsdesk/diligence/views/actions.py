"""The POST actions on an assessment, each a form and one service call (rightsdesk.diligence.http
gives them their one shape: gate, form, service, page again on a refusal)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.core.files import uploads_of
from rightsdesk.diligence import forms as f
from rightsdesk.diligence.access import access_impact, access_mitigation, access_recommendation
from rightsdesk.diligence.http import AssessmentRequest, assessment_action
from rightsdesk.diligence.services.assessments import (
    checklist_tick,
    engagement_record,
    evidence_add,
    launch_record,
    phase_signoff,
)
from rightsdesk.diligence.services.common import DiligenceRefused
from rightsdesk.diligence.services.readers import assessment_grant, assessment_revoke
from rightsdesk.diligence.services.register import (
    ImpactValues,
    MitigationValues,
    impact_add,
    impact_residual,
    mitigation_add,
    mitigation_move,
)
from rightsdesk.diligence.services.tracker import recommendation_add, recommendation_status


@assessment_action(f.ChecklistForm, kept_as="checklist", anchor="phases")
def checklist(act: AssessmentRequest, data: dict[str, Any]) -> str:
    checklist_tick(
        assessment=act.assessment,
        actor=act.user,
        phase=data["phase"],
        items=data["items"],
        now=timezone.now(),
    )
    return _("Checklist saved.")


@assessment_action(f.SignoffForm, kept_as="signoff", anchor="phases")
def signoff(act: AssessmentRequest, data: dict[str, Any]) -> str:
    phase_signoff(
        assessment=act.assessment,
        actor=act.user,
        phase=data["phase"],
        note=data["note"],
        now=timezone.now(),
        version=data["version"],
    )
    return _("Phase signed off.")


@assessment_action(f.EvidenceForm, kept_as="evidence", anchor="phases")
def evidence(act: AssessmentRequest, data: dict[str, Any]) -> str:
    uploads = uploads_of(act.request, "file")
    if not uploads:
        raise DiligenceRefused(_("Choose a file to add."))
    for upload in uploads:
        evidence_add(
            assessment=act.assessment,
            actor=act.user,
            phase=data["phase"],
            upload=upload,
            now=timezone.now(),
        )
    return _("Evidence added (encrypted).")


@assessment_action(f.EngagementForm, kept_as="engagement", anchor="engagement")
def engagement(act: AssessmentRequest, data: dict[str, Any]) -> str:
    engagement_record(assessment=act.assessment, actor=act.user, **data)
    return _("Engagement logged.")


@assessment_action(f.ImpactForm, kept_as="impact", anchor="register")
def impact(act: AssessmentRequest, data: dict[str, Any]) -> str:
    impact_add(
        assessment=act.assessment, actor=act.user, values=ImpactValues(**data), now=timezone.now()
    )
    return _("Impact added to the register.")


@assessment_action(f.ResidualForm, row=access_impact, anchor="register")
def residual(act: AssessmentRequest, data: dict[str, Any]) -> str:
    impact_residual(impact=act.row, actor=act.user, **data)
    return _("Residual scores saved.")


@assessment_action(f.MitigationForm, kept_as="mitigation", row=access_impact, anchor="register")
def mitigation(act: AssessmentRequest, data: dict[str, Any]) -> str:
    mitigation_add(
        impact=act.row, actor=act.user, values=MitigationValues(**data), now=timezone.now()
    )
    return _("Mitigation added.")


@assessment_action(f.MitigationMoveForm, row=access_mitigation, anchor="register")
def mitigation_state(act: AssessmentRequest, data: dict[str, Any]) -> str:
    mitigation_move(mitigation=act.row, key=act.key(), actor=act.user, now=timezone.now(), **data)
    return _("Mitigation updated.")


@assessment_action(f.RecommendationForm, kept_as="recommendation", anchor="recommendations")
def recommendation(act: AssessmentRequest, data: dict[str, Any]) -> str:
    recommendation_add(assessment=act.assessment, actor=act.user, now=timezone.now(), **data)
    return _("Recommendation added.")


@assessment_action(f.RecommendationStatusForm, row=access_recommendation, anchor="recommendations")
def recommendation_update(act: AssessmentRequest, data: dict[str, Any]) -> str:
    recommendation_status(recommendation=act.row, actor=act.user, now=timezone.now(), **data)
    return _("Status recorded.")


@assessment_action(anchor="triggers")
def launch(act: AssessmentRequest, data: dict[str, Any]) -> str:
    launch_record(assessment=act.assessment, actor=act.user, now=timezone.now())
    return _("Launch recorded: the owner has been told.")


@assessment_action(f.GrantForm, kept_as="grant", anchor="readers")
def grant(act: AssessmentRequest, data: dict[str, Any]) -> str:
    assessment_grant(
        assessment=act.assessment, key=act.key(), actor=act.user, reader=data["reader"]
    )
    return _("Access given.")


@assessment_action(f.RevokeForm, anchor="readers")
def revoke(act: AssessmentRequest, data: dict[str, Any]) -> str:
    assessment_revoke(assessment=act.assessment, actor=act.user, reader=data["reader"])
    return _("Access removed.")
