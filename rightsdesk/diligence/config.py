"""The due-diligence settings, with their defaults (settings.RIGHTSDESK_DILIGENCE may override
any of them; docs/diligence.md):

- review_months: how often an assessment and a register row are reviewed (12);
- organisation_review_months: the same for the whole-organisation assessment (36, as the
  Wikimedia Foundation's 2020 assessment recommended: every three years);
- cases_window_days and cases_threshold: the trigger on cases, "at least `threshold` cases
  touching a watched right filed in the last `window_days` days" (90 and 5);
- crisis_window_days: a crisis opened this recently in a watched threat type triggers (7).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, int] = {
    "review_months": 12,
    "organisation_review_months": 36,
    "cases_window_days": 90,
    "cases_threshold": 5,
    "crisis_window_days": 7,
}


def setting(name: str) -> int:
    configured: dict[str, Any] = getattr(settings, "RIGHTSDESK_DILIGENCE", {}) or {}
    return int(configured.get(name, DEFAULTS[name]))
