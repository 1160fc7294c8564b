"""Panels other pillars add to the reporter's inbox, without intake importing them.

Intake is the public, untrusted side and the pillars are built on it, so it never imports them
(an import contract). A pillar that has something to ask the reporter (the partner network asks
for consent to a referral) names a provider in settings.RIGHTSDESK_INBOX_PANELS; the inbox calls
each provider with the opened `Inbox` (the case and its key) and renders what it returns near the
top of the page, in the order the setting lists them.

A provider is `provider(inbox) -> Panel | None`: the template to include and its context. It runs
inside the reporter's request, after the inbox session was resumed, and must only read: the case
key is the reporter's, and whatever the panel shows is shown to whoever holds the receipt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from rightsdesk.intake.inbox import Inbox


@dataclass(frozen=True)
class Panel:
    """What a provider asks the inbox to show: `template` rendered with `context` (under the name
    `panel` in the template, beside the page's own context)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


Provider = Callable[[Inbox], Panel | None]


def providers() -> list[Provider]:
    """The providers settings.RIGHTSDESK_INBOX_PANELS names (dotted paths), in order."""
    return [import_string(path) for path in getattr(settings, "RIGHTSDESK_INBOX_PANELS", [])]


def inbox_panels(inbox: Inbox) -> list[Panel]:
    """Every panel the providers return for `inbox` (those that return None show nothing)."""
    return [panel for provider in providers() if (panel := provider(inbox)) is not None]
