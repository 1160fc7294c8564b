"""Startup checks: refuse to run with a setting that would silently weaken protection."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from rightsdesk.core.escrow import escrow_public_key


@register(Tags.security, deploy=False)
def escrow_key_is_valid(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        escrow_public_key()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="rightsdesk.E001")]
    return []


@register(Tags.security, deploy=True)
def production_is_not_demo(app_configs: Any, **kwargs: Any) -> list[Error]:
    problems = []
    if settings.DEMO_MODE:
        problems.append(Error("RIGHTSDESK_DEMO is on in a deployment", id="rightsdesk.E002"))
    if not settings.HTTPS:
        problems.append(
            Error("RIGHTSDESK_HTTPS is off: cookies are not Secure", id="rightsdesk.E003")
        )
    return problems
