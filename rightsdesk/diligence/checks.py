"""System checks of due diligence, run at every start (`rightsdesk check` and the server)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from rightsdesk.diligence.config import grievance_rights_problems


@register("diligence")
def grievance_rights_are_valid(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A mapping of grievance categories to rights that names a category or a right nobody has
    would silently never trigger: refuse to start instead."""
    return [
        Error(f"RIGHTSDESK_DILIGENCE: {problem}", id="rightsdesk.E040")
        for problem in grievance_rights_problems()
    ]
