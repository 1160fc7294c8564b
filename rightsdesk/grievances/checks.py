"""System checks of the grievances app, run at every start (`rightsdesk check` and the server)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from rightsdesk.grievances.stages import stage_limits


@register("grievances")
def stage_limits_are_valid(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A bad RIGHTSDESK_GRIEVANCE_STAGE_DAYS would break the published procedure and every
    clock at the first grievance: refuse to start instead."""
    try:
        stage_limits()
    except ImproperlyConfigured as problem:
        return [Error(str(problem), id="rightsdesk.E030")]
    return []
