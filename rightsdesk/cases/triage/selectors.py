"""Reads of triage: the opened classification and steps, and the priority proposed from a
report's answers. Call after `access_case`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from nacl.public import PrivateKey

from rightsdesk.cases import content as sealed
from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case, TriageStep
from rightsdesk.cases.vocabulary import Mandate, Vetting


@dataclass(frozen=True)
class OpenedStep:
    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    by: str
    at: datetime
    note: str


def steps_opened(case: Case, key: PrivateKey) -> list[OpenedStep]:
    """The recorded steps of `case`, oldest first, notes opened with the case key.

    Call after `access_case`/`unlock_case`, while reading the case (which `case_open` audits).
    """
    labels: dict[str, dict[str, str]] = {
        TriageStep.Kind.VETTING: {code: str(label) for code, label in Vetting.choices},
        TriageStep.Kind.MANDATE: {code: str(label) for code, label in Mandate.choices},
    }
    kinds = {code: str(label) for code, label in TriageStep.Kind.choices}
    return [
        OpenedStep(
            kind=step.kind,
            kind_label=kinds.get(step.kind, step.kind),
            outcome=step.outcome,
            outcome_label=labels.get(step.kind, {}).get(step.outcome, step.outcome),
            by=step.author.username if step.author else "",
            at=step.at,
            note=(
                sealed.open_triage_note(bytes(step.body), key, str(step.uid))
                if bytes(step.body)
                else ""
            ),
        )
        for step in case.triage_steps.select_related("author")
    ]


def classification_of(case: Case, key: PrivateKey) -> sealed.Classification | None:
    """The sealed classification of `case`, or None while nobody has classified it.

    Opens with the case key the caller unlocked (after `access_case`); part of reading the case,
    which `case_open` audits.
    """
    if not bytes(case.classification):
        return None
    return sealed.open_classification(bytes(case.classification), key, case.number)


def classification_initial(
    case: Case, key: PrivateKey, report: sealed.ReportContent
) -> dict[str, object]:
    """What the classification form starts from: the team's last classification, or, before
    anyone classified the case, the reporter's own answers (actors, why they were targeted)."""
    current = classification_of(case, key)
    chosen = current or sealed.Classification(
        actor_types=list(report.actor_types), reasons=list(report.reasons)
    )
    return {
        "version": case.version,
        "threat_types": list(case.threat_types),
        "rights": list(case.rights),
        "actor_types": chosen.actor_types,
        "reasons": chosen.reasons,
        "affected": chosen.affected,
    }


PHYSICAL = {"arrest", "offline_harassment", "family"}

EXPOSURE = {"doxxing", "impersonation"}

CAPABLE = {"government", "organised_crime", "extremist"}


@dataclass(frozen=True)
class Proposal:
    priority: str  # "P1" .. "P4"
    reasons: tuple[str, ...]


def propose_priority(
    *, report: ReportContent, threat_types: list[str], emergency: bool
) -> Proposal:
    physical = emergency or bool(PHYSICAL & set(threat_types))
    exposed = bool(EXPOSURE & set(threat_types))
    capable = bool(CAPABLE & set(report.actor_types))
    ongoing = report.ongoing == "yes"
    reasons = [
        str(text)
        for flag, text in (
            (emergency, _("the reporter says they are in immediate danger")),
            (physical and not emergency, _("physical danger or arrest")),
            (exposed, _("identity exposed")),
            (capable, _("a capable actor (state, organised crime or extremists)")),
            (ongoing, _("still going on")),
        )
        if flag
    ]
    if emergency or (physical and (capable or ongoing)):
        priority = "P1"
    elif physical or (exposed and (capable or ongoing)):
        priority = "P2"
    elif exposed or capable or ongoing:
        priority = "P3"
    else:
        priority = "P4"
    return Proposal(priority=priority, reasons=tuple(reasons))
