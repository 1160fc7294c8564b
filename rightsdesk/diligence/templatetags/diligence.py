"""Labels for the clear codes of due diligence (rights, groups, scales, bands) in templates."""

from __future__ import annotations

from typing import Any

from django import template

from rightsdesk.cases.vocabulary import ThreatType
from rightsdesk.diligence import rules
from rightsdesk.diligence import vocabulary as v

register = template.Library()

_LABELS: dict[str, dict[Any, Any]] = {
    "right": dict(v.Right.choices),
    "holder": dict(v.RightsHolder.choices),
    "vulnerability": dict(v.Vulnerability.choices),
    "scale": v.SCALE,
    "scope": v.SCOPE,
    "irremediability": v.IRREMEDIABILITY,
    "likelihood": v.LIKELIHOOD,
    "confidence": v.CONFIDENCE,
    "leverage": v.LEVERAGE,
    "band": rules.BAND_LABELS,
    "trigger": dict(v.Trigger.choices),
    "group": dict(v.RightsHolder.choices),
    "method": dict(v.EngagementMethod.choices),
    "code": dict(v.Right.choices) | dict(ThreatType.choices),
}


@register.filter
def label(code: Any, kind: str) -> Any:
    """`{{ "privacy"|label:"right" }}`: the translated label of a code (the code if unknown)."""
    return _LABELS[kind].get(code, code)


@register.filter
def labels(codes: Any, kind: str) -> str:
    return ", ".join(str(label(code, kind)) for code in codes or ())


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key)
