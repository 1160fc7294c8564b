"""The proposed priority of a case, and why (DESIGN.md section 4).

Four signals from what the report says: physical danger (the reporter says they are in immediate
danger, or arrest, offline threats or threats to family), identity exposure (doxxing,
impersonation), actor capability (a state, organised crime, an extremist group), and whether it is
still going on. The handler sees the reasons and may override with a reason of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.content import ReportContent

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
