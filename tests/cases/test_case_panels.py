"""The case page's panels hook (rightsdesk.cases.extensions): casework draws what the pillars
named in settings.RIGHTSDESK_CASE_PANELS give it, and their events join the timeline, without
importing them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from nacl.public import PrivateKey

from rightsdesk.cases.extensions import CasePanel
from rightsdesk.cases.timeline import TimelineItem
from tests.factories import StaffAccount, case_filed, signed_in

pytestmark = pytest.mark.django_db

CALLS: list[dict[str, Any]] = []
AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def a_panel(request: Any, case: Any, case_key: Any, bound: Any) -> CasePanel:
    CALLS.append({"case": case.number, "key": case_key, "bound": dict(bound)})
    return CasePanel(
        template="core/form_fields.html",
        timeline=[
            TimelineItem(kind="pillar", label="Pillar event", on=AT.date(), at=AT, title="p-9911")
        ],
        anchor="pillar",
        title="Pillar panel",
    )


def no_panel(request: Any, case: Any, case_key: Any, bound: Any) -> None:
    return None


HERE = "tests.cases.test_case_panels"


@override_settings(RIGHTSDESK_CASE_PANELS=[f"{HERE}.a_panel", f"{HERE}.no_panel"])
def test_panels_are_called_with_the_case_key_and_add_their_events(
    handler: StaffAccount,
) -> None:
    CALLS.clear()
    case = case_filed().case
    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[case.number])).text
    assert [call["case"] for call in CALLS] == [case.number]
    assert isinstance(CALLS[0]["key"], PrivateKey)
    assert bytes(CALLS[0]["key"].public_key) == bytes(case.public_key)
    assert '<a href="#pillar">Pillar panel</a>' in page
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "Pillar event" in timeline
    assert "p-9911" in timeline
    assert timeline.index("p-9911") < timeline.index("They published my home address.")
    # A refused action's form reaches the panels too (a panel may show its own again).
    hana.post(reverse("cases:note", args=[case.number]), {"body": ""})
    assert "note" in CALLS[-1]["bound"]


@override_settings(RIGHTSDESK_CASE_PANELS=[])
def test_the_case_page_needs_no_panel(handler: StaffAccount) -> None:
    case = case_filed().case
    response = signed_in(handler).get(reverse("cases:detail", args=[case.number]))
    assert response.status_code == 200
    assert 'id="referrals"' not in response.text


def test_referral_audit_lines_read_as_words_never_as_codes() -> None:
    from rightsdesk.cases.timeline import _change_text  # noqa: PLC0415 - a private helper

    subjects = {"referral:u1": "Legal Aid Network"}
    text = _change_text("case.referral.sent", "RD-1:referral:u1", {}, subjects)
    assert text == "referral sent to Legal Aid Network"
    assert _change_text("case.referral.consent.agreed", "RD-1:referral:u2", {}, subjects) == (
        "the volunteer agreed to the referral to a partner"
    )
    assert "case.referral" not in _change_text("case.referral.new_step", "RD-1:x", {}, {})
