"""The inbox's panels (rightsdesk.intake.extensions): what settings.RIGHTSDESK_INBOX_PANELS names
is called with the opened inbox and shown near the top; none named, nothing shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from rightsdesk.intake.extensions import Panel, inbox_panels
from rightsdesk.intake.inbox import Inbox, inbox_login
from tests.factories import case_filed, inbox_client, partner_listed, referral_proposed

pytestmark = pytest.mark.django_db

CALLS: list[Inbox] = []
PARTNERS = "rightsdesk.partners.consent.panels.inbox_panel"


def recording(inbox: Inbox) -> Panel | None:
    """A provider that records what it was given and shows nothing."""
    CALLS.append(inbox)
    return None


def test_each_provider_gets_the_opened_inbox_and_none_shows_nothing() -> None:
    filed = case_filed()
    CALLS.clear()
    with override_settings(RIGHTSDESK_INBOX_PANELS=[f"{__name__}.recording"]):
        page = inbox_client(filed.receipt).get(reverse("intake:inbox"))
    assert page.status_code == 200
    assert [inbox.case.pk for inbox in CALLS] == [filed.case.pk]
    assert bytes(CALLS[0].key.public_key) == bytes(filed.case.public_key)  # the case key itself


def test_a_panel_is_rendered_above_the_report_and_only_when_named(handler: Any) -> None:
    filed = case_filed()
    referral_proposed(filed.case, partner_listed(name="Helpers United"), handler.user)
    volunteer = inbox_client(filed.receipt)
    with override_settings(RIGHTSDESK_INBOX_PANELS=[f"{__name__}.recording", PARTNERS]):
        page = volunteer.get(reverse("intake:inbox")).content.decode()
    assert "put you in touch with Helpers United" in page
    assert page.index("Helpers United") < page.index("What you sent")
    with override_settings(RIGHTSDESK_INBOX_PANELS=[]):
        bare = volunteer.get(reverse("intake:inbox")).content.decode()
    assert "Helpers United" not in bare


def test_providers_run_in_the_settings_order(handler: Any) -> None:
    filed = case_filed()
    referral_proposed(filed.case, partner_listed(), handler.user)
    inbox = inbox_login(filed.receipt)
    with override_settings(RIGHTSDESK_INBOX_PANELS=[PARTNERS, f"{__name__}.recording", PARTNERS]):
        panels = inbox_panels(inbox)
    assert [panel.template for panel in panels] == ["partners/consent/inbox_panel.html"] * 2
