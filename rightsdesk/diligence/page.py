"""The assessment page: everything a reader sees of one assessment, opened with its key, and the
forms bound to what was typed when an action was refused. Call after `access_assessment`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.diligence import forms as f
from rightsdesk.diligence import rules
from rightsdesk.diligence.models import Assessment, Impact
from rightsdesk.diligence.selectors import grantable_users, readers_of
from rightsdesk.diligence.services.assessments import assessment_open
from rightsdesk.diligence.services.register import register_open
from rightsdesk.diligence.vocabulary import CHECKLISTS, Phase


def _mitigation_form(assessment: Assessment, auto_id: str) -> f.MitigationForm:
    form = f.MitigationForm(auto_id=auto_id)
    form.fields["owner"].queryset = readers_of(assessment)  # type: ignore[attr-defined]
    return form


def _residual_initial(impact: Impact) -> dict[str, Any]:
    return {
        "version": impact.version,
        "scale": impact.residual_scale or impact.scale,
        "scope": impact.residual_scope or impact.scope,
        "irremediability": impact.residual_irremediability or impact.irremediability,
        "likelihood": impact.residual_likelihood or impact.likelihood,
    }


def blank_forms(assessment: Assessment) -> dict[str, forms.Form]:
    phase = assessment.phase
    grant = f.GrantForm(auto_id="grant_%s")
    grant.fields["reader"].queryset = grantable_users(assessment)  # type: ignore[attr-defined]
    return {
        "checklist": f.ChecklistForm(phase=phase, auto_id="checklist_%s"),
        "signoff": f.SignoffForm(
            initial={"phase": phase, "version": assessment.version}, auto_id="signoff_%s"
        ),
        "evidence": f.EvidenceForm(initial={"phase": phase}, auto_id="evidence_%s"),
        "engagement": f.EngagementForm(auto_id="engagement_%s"),
        "impact": f.ImpactForm(auto_id="impact_%s"),
        "recommendation": f.RecommendationForm(auto_id="recommendation_%s"),
        "grant": grant,
    }


def render_assessment(
    request: HttpRequest,
    assessment: Assessment,
    key: Any,
    user: User,
    *,
    bound: dict[str, forms.Form] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    opened = assessment_open(assessment=assessment, key=key, actor=user)
    today = timezone.localdate()
    register = register_open(assessment=assessment, key=key, actor=user, today=today)
    page_forms = blank_forms(assessment) | (bound or {})
    ticked = opened.ticks.get(assessment.phase, set())
    page_forms["checklist"].initial["items"] = sorted(ticked)
    phases = [
        {
            "number": phase.value,
            "label": phase.label,
            "items": [
                (code, label, code in opened.ticks[phase.value])
                for code, label in CHECKLISTS[phase.value]
            ],
            "signoff": opened.signoffs.get(phase.value),
            "current": phase.value == assessment.phase,
            "evidence": [(e, meta) for e, meta in opened.evidence if e.phase == phase.value],
        }
        for phase in Phase
    ]
    kept = bound or {}
    rows = [
        {
            "row": row,
            "residual": f.ResidualForm(
                initial=_residual_initial(row.impact), auto_id=f"res-{row.impact.uid}-%s"
            ),
            "mitigation": kept.get(f"mitigation:{row.impact.uid}")
            or _mitigation_form(assessment, f"mit-{row.impact.uid}-%s"),
            "moves": {
                m.mitigation.uid: f.MitigationMoveForm(
                    initial={"version": m.mitigation.version},
                    auto_id=f"move-{m.mitigation.uid}-%s",
                )
                for m in row.mitigations
            },
        }
        for row in register
    ]
    recommendations = [
        (
            r,
            f.RecommendationStatusForm(
                initial={"version": r.version, "status": r.status, "publish": r.published},
                auto_id=f"rec-{r.uid}-%s",
            ),
        )
        for r in assessment.recommendations.prefetch_related("updates")
    ]
    context = {
        "assessment": assessment,
        "rows": rows,
        "opened": opened,
        "phases": phases,
        "register": register,
        "forms": page_forms,
        "problem": problem,
        "rule_text": rules.RULE_TEXT,
        "rule_version": rules.RULE_VERSION,
        "band_labels": rules.BAND_LABELS,
        "readers": list(readers_of(assessment)),
        "recommendations": recommendations,
        "triggers": list(assessment.triggers.all()[:20]),
        "today": today,
    }
    return render(request, "diligence/assessment.html", context, status=status)
