"""What other pillars add to the reporter's inbox, without intake importing them: panels, and
records of their own that a receipt opens.

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

from rightsdesk.crypto import ReceiptSecrets
from rightsdesk.intake.inbox import (
    Inbox,
    inbox_open,
    receipt_derived,
    receipt_refused,
)


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


# -- Receipts other pillars hold ----------------------------------------------------------------
#
# One inbox for every receipt the site gives (a threat report's, a grievance's): the person types
# it at /inbox/login/ and lands where it belongs. A pillar whose records carry a receipt names a
# holder in settings.RIGHTSDESK_RECEIPT_HOLDERS: `holder(derived) -> HeldReceipt | None`, called
# with the secrets of the typed receipt after no report matched; it opens its record and starts
# its own session, or returns None. The typed receipt costs one Argon2id run whoever holds it, and
# a receipt nobody holds gets the one refusal, so the answer says nothing about which pillars
# exist or hold what.


@dataclass(frozen=True)
class HeldReceipt:
    """A session a holder started: what it opened (`kind`, e.g. "grievance", named in the API's
    answer), the cookie to set (name, token, path) and where to go."""

    kind: str
    location: str
    cookie: str
    token: str
    path: str


Holder = Callable[[ReceiptSecrets], HeldReceipt | None]


def receipt_holders() -> list[Holder]:
    """The holders settings.RIGHTSDESK_RECEIPT_HOLDERS names (dotted paths), in order."""
    return [import_string(path) for path in getattr(settings, "RIGHTSDESK_RECEIPT_HOLDERS", [])]


def receipt_open(receipt: str) -> Inbox | HeldReceipt:
    """Open whatever `receipt` belongs to: a report's inbox, else a record a holder keeps.
    Raises ReceiptRejected (one answer for wrong, unknown and malformed) or admission.Busy."""
    derived = receipt_derived(receipt)
    opened = inbox_open(derived)
    if opened is not None:
        return opened
    for holder in receipt_holders():
        held = holder(derived)
        if held is not None:
            return held
    raise receipt_refused()
