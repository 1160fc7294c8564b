"""The due-diligence settings, with their defaults (settings.RIGHTSDESK_DILIGENCE may override
any of them; docs/diligence.md):

- review_months: how often an assessment and a register row are reviewed (12);
- organisation_review_months: the same for the whole-organisation assessment (36, as the
  Wikimedia Foundation's 2020 assessment recommended: every three years);
- cases_window_days and cases_threshold: the trigger on cases, "at least `threshold` cases
  touching a watched right filed in the last `window_days` days" (90 and 5);
- grievances_window_days and grievances_threshold: the same for grievances (90 and 3), whose
  rights come from their issue category through `grievance_rights` (below);
- crisis_window_days: a crisis opened this recently in a watched threat type triggers (7).

`grievance_rights` is the published mapping from a grievance's issue category (its clear
metadata: grievances carry no rights field) to the rights of the vocabulary it touches. A
deployment may replace it whole (settings.RIGHTSDESK_DILIGENCE["grievance_rights"], a dict of
category -> list of right codes); a category left out touches no right, and codes the vocabulary
does not know are refused at startup (rightsdesk.diligence.checks) and never counted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from rightsdesk.diligence.vocabulary import Right

DEFAULTS: dict[str, int] = {
    "review_months": 12,
    "organisation_review_months": 36,
    "cases_window_days": 90,
    "cases_threshold": 5,
    "grievances_window_days": 90,
    "grievances_threshold": 3,
    "crisis_window_days": 7,
}

# Grievance category (rightsdesk.grievances.vocabulary.Category) -> rights
# (rightsdesk.diligence.vocabulary.Right). Published in docs/diligence.md.
GRIEVANCE_RIGHTS: dict[str, tuple[str, ...]] = {
    "content": ("expression", "reputation"),
    "account": ("expression", "assembly"),
    "privacy": ("privacy",),
    "conduct": ("dignity", "work"),
    "discrimination": ("non_discrimination", "dignity"),
    "safety": ("security",),
    "funding": ("non_discrimination", "culture"),
    "other": (),
}


def _configured() -> dict[str, Any]:
    return getattr(settings, "RIGHTSDESK_DILIGENCE", {}) or {}


def setting(name: str) -> int:
    return int(_configured().get(name, DEFAULTS[name]))


def grievance_rights() -> dict[str, frozenset[str]]:
    """Category -> the rights a grievance of that category touches (known codes only)."""
    mapping = _configured().get("grievance_rights", GRIEVANCE_RIGHTS)
    known = set(Right.values)
    return {
        str(category): frozenset(str(r) for r in rights if str(r) in known)
        for category, rights in dict(mapping).items()
    }


def grievance_rights_problems() -> list[str]:
    """What is wrong with a configured mapping: unknown categories or rights (for the check)."""
    from rightsdesk.grievances.vocabulary import Category  # noqa: PLC0415 - only the check

    mapping = _configured().get("grievance_rights", GRIEVANCE_RIGHTS)
    if not isinstance(mapping, dict):
        return ["grievance_rights must be a dict of category -> list of rights"]
    problems = [f"unknown grievance category {c!r}" for c in mapping if c not in Category.values]
    for category, rights in mapping.items():
        if isinstance(rights, str) or not isinstance(rights, list | tuple):
            problems.append(f"the rights of {category!r} must be a list")
            continue
        unknown = [r for r in rights if r not in Right.values]
        problems += [f"unknown right {r!r} for {category!r}" for r in unknown]
    return problems
