"""System checks of the cases app, run at every start (`rightsdesk check` and the server)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from rightsdesk.cases.oncall.deadlines import config_problems


@register("deadlines")
def deadlines_are_valid(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A bad zone, an empty working week or a broken deadline table would silently stretch or
    break every acknowledgement deadline: refuse to start instead."""
    return [Error(problem, id="rightsdesk.E010") for problem in config_problems()]
