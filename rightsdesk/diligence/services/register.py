"""Writes on the impact register: impacts with their scores, residual scores, mitigations and
their states. Every score is checked against its published scale here as well as in the form,
so the API and any other caller get the same refusals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.diligence import keys, rules
from rightsdesk.diligence.models import Assessment, Impact, Mitigation
from rightsdesk.diligence.selectors import impacts_of, reader_wraps
from rightsdesk.diligence.services.common import (
    DiligenceRefused,
    add_months,
    audit,
    check_version,
)
from rightsdesk.diligence.vocabulary import (
    MITIGATION_TRANSITIONS,
    ImpactKind,
    MitigationState,
)

IMPACT = "diligence_impact"
MITIGATION = "diligence_mitigation"


@dataclass(frozen=True)
class ImpactValues:
    """What a person gives for an impact (the form's and the API's cleaned data)."""

    title: str
    description: str
    rights: Sequence[str]
    holders: Sequence[str]
    holders_detail: str
    vulnerabilities: Sequence[str]
    kind: str
    involvement: str
    scale: int
    scope: int
    irremediability: int
    likelihood: int | None
    confidence: int
    leverage: int


def check_scores(values: ImpactValues) -> None:
    """Refuse a score outside its scale and a potential impact without likelihood."""
    for name in ("scale", "scope", "irremediability"):
        if not rules.SCORE_MIN <= getattr(values, name) <= rules.SCORE_MAX:
            raise DiligenceRefused(_("Scale, scope and irremediability are scored from 1 to 4."))
    if values.kind == ImpactKind.POTENTIAL:
        if values.likelihood is None:
            raise DiligenceRefused(_("A potential impact needs a likelihood."))
        if not rules.SCORE_MIN <= values.likelihood <= rules.SCORE_MAX:
            raise DiligenceRefused(_("Likelihood is scored from 1 to 4."))
    if not 1 <= values.confidence <= 3 or not 1 <= values.leverage <= 3:
        raise DiligenceRefused(_("Confidence and leverage are scored from 1 to 3."))
    if not values.rights:
        raise DiligenceRefused(_("Choose at least one right affected."))


def impact_add(
    *, assessment: Assessment, actor: User, values: ImpactValues, now: datetime
) -> Impact:
    """Add a row to the register, scored under the current rule version."""
    check_scores(values)
    with write_transaction():
        impact = Impact(
            assessment=assessment,
            rights=sorted(set(values.rights)),
            holders=sorted(set(values.holders)),
            vulnerabilities=sorted(set(values.vulnerabilities)),
            kind=values.kind,
            involvement=values.involvement,
            scale=values.scale,
            scope=values.scope,
            irremediability=values.irremediability,
            likelihood=values.likelihood if values.kind == ImpactKind.POTENTIAL else None,
            confidence=values.confidence,
            leverage=values.leverage,
            rule_version=rules.RULE_VERSION,
            next_review=add_months(now.date(), assessment.review_months),
            created_at=now,
        )
        impact.body = keys.seal_json(
            {
                "title": values.title,
                "description": values.description,
                "holders_detail": values.holders_detail,
            },
            bytes(assessment.public_key),
            table=IMPACT,
            row=str(impact.uid),
        )
        impact.save()
        audit(assessment, "impact.add", actor, detail=str(impact.uid))
    return impact


def impact_residual(
    *,
    impact: Impact,
    actor: User,
    scale: int,
    scope: int,
    irremediability: int,
    likelihood: int | None,
    version: int | None = None,
) -> None:
    """Record the scores after mitigation. Same scales and same likelihood rule as the impact."""
    for value in (scale, scope, irremediability):
        if not rules.SCORE_MIN <= value <= rules.SCORE_MAX:
            raise DiligenceRefused(_("Scale, scope and irremediability are scored from 1 to 4."))
    if impact.kind == ImpactKind.POTENTIAL and (
        likelihood is None or not rules.SCORE_MIN <= likelihood <= rules.SCORE_MAX
    ):
        raise DiligenceRefused(_("A potential impact needs a likelihood."))
    with write_transaction():
        current = Impact.objects.select_for_update().get(pk=impact.pk)
        check_version(current.version, version)
        current.residual_scale = scale
        current.residual_scope = scope
        current.residual_irremediability = irremediability
        current.residual_likelihood = likelihood if impact.kind == ImpactKind.POTENTIAL else None
        current.version += 1
        current.save()
        audit(current.assessment, "impact.residual", actor, detail=str(current.uid))


@dataclass(frozen=True)
class OpenedMitigation:
    mitigation: Mitigation
    text: dict[str, Any]
    overdue: bool


@dataclass(frozen=True)
class OpenedImpact:
    impact: Impact
    text: dict[str, Any]
    severity: int
    band: str
    residual_severity: int | None
    residual_band: str | None
    mitigations: list[OpenedMitigation]


def register_open(
    *, assessment: Assessment, key: PrivateKey, actor: User, today: date
) -> list[OpenedImpact]:
    """The register decrypted and ranked by the rule, the first the most urgent; audited. Call
    after `unlock_assessment`."""
    rows: list[OpenedImpact] = []
    for impact in impacts_of(assessment):
        text = keys.open_json(bytes(impact.body), key, table=IMPACT, row=str(impact.uid))
        mitigations = [
            OpenedMitigation(
                m,
                keys.open_json(bytes(m.body), key, table=MITIGATION, row=str(m.uid)),
                m.state in {MitigationState.PLANNED, MitigationState.IN_PROGRESS}
                and m.due_on < today,
            )
            for m in impact.mitigations.all()
        ]
        residual = impact.residual
        rows.append(
            OpenedImpact(
                impact=impact,
                text=text,
                severity=rules.severity(impact.scores),
                band=rules.band(impact.scores),
                residual_severity=rules.severity(residual) if residual else None,
                residual_band=rules.band(residual) if residual else None,
                mitigations=mitigations,
            )
        )
    audit(assessment, "register.open", actor)
    return rules.ranked(rows, lambda row: row.impact.scores)


@dataclass(frozen=True)
class MitigationValues:
    action: str
    owner: User | None
    due_on: date | None
    metric: str
    baseline: str
    target: str
    feedback_source: str


def mitigation_add(
    *, impact: Impact, actor: User, values: MitigationValues, now: datetime
) -> Mitigation:
    """A mitigation needs an owner who can read the assessment and a due date."""
    if values.owner is None or values.due_on is None:
        raise DiligenceRefused(_("A mitigation needs an owner and a due date."))
    assessment = impact.assessment
    if not reader_wraps(values.owner).filter(assessment=assessment).exists():
        raise DiligenceRefused(
            _("The owner must be able to read this assessment: give them access first.")
        )
    if not values.action.strip():
        raise DiligenceRefused(_("Say what the action is."))
    with write_transaction():
        mitigation = Mitigation(
            impact=impact, owner=values.owner, due_on=values.due_on, state_since=now
        )
        mitigation.body = keys.seal_json(
            {
                "action": values.action,
                "metric": values.metric,
                "baseline": values.baseline,
                "target": values.target,
                "feedback_source": values.feedback_source,
                "result": "",
            },
            bytes(assessment.public_key),
            table=MITIGATION,
            row=str(mitigation.uid),
        )
        mitigation.save()
        audit(assessment, "mitigation.add", actor, detail=str(mitigation.uid))
    return mitigation


def mitigation_move(
    *,
    mitigation: Mitigation,
    key: PrivateKey,
    actor: User,
    state: str,
    result: str,
    now: datetime,
    version: int | None = None,
) -> None:
    """Move a mitigation along its state machine; `result` (what the indicator showed, what the
    people affected said) is kept sealed with it. Call after `unlock_assessment`."""
    with write_transaction():
        current = (
            Mitigation.objects.select_for_update()
            .select_related("impact__assessment")
            .get(pk=mitigation.pk)
        )
        check_version(current.version, version)
        if state not in MITIGATION_TRANSITIONS[current.state]:
            raise DiligenceRefused(
                _("An action that is “%(state)s” cannot be moved there.")
                % {"state": current.get_state_display()}
            )
        if state in {MitigationState.EFFECTIVE, MitigationState.NOT_EFFECTIVE} and not result:
            raise DiligenceRefused(
                _("Say what the indicator and the people affected showed before judging it.")
            )
        if result:
            text = keys.open_json(bytes(current.body), key, table=MITIGATION, row=str(current.uid))
            text["result"] = result
            current.body = keys.seal_json(
                text,
                bytes(current.impact.assessment.public_key),
                table=MITIGATION,
                row=str(current.uid),
            )
        current.state = state
        current.state_since = now
        current.escalated_at = None
        current.version += 1
        current.save()
        audit(current.impact.assessment, f"mitigation.{state}", actor, detail=str(current.uid))
