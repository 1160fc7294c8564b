"""The referrals' clock on a controllable `now`, as the case page shows it: a partner that does
not accept within its committed response time is escalated once (a page to the drafter, a
DeadlineEvent, a line on the case's timeline); consent that runs out expires the referral and
deletes everything the partner could open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.models import DeadlineEvent
from rightsdesk.cases.oncall.tasks import clocks_round
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.access import access_referral
from rightsdesk.partners.clock import OVERDUE
from rightsdesk.partners.models import Referral, ReferralFile, ReferralWrap, Vetting
from rightsdesk.partners.services.loop import partner_move
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.partners.vocabulary import State
from tests.factories import StaffAccount, case_filed, partner_account, partner_listed, signed_in

pytestmark = pytest.mark.django_db

PAGE_TEXT = "log in to rightsdesk"


@pytest.fixture
def round_at(django_capture_on_commit_callbacks: Any) -> Callable[[datetime], list[str]]:
    """One round of every clock (settings.RIGHTSDESK_CLOCKS) at `now`, then what it sends after
    its commit (the test's transaction never commits)."""

    def run(now: datetime) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            return clocks_round(now)

    return run


def _sent(handler: StaffAccount, *, at: datetime, until_days: int = 30) -> dict[str, Any]:
    handler.user.email = "hana@example.org"
    handler.user.save()
    submitted = case_filed(narrative="They follow me home.", country="IR")
    partner = partner_listed(name="Legal Aid Network", response_hours=24)
    # Vetted ten days ago (the factory vets from today), so a referral sent "yesterday" is valid.
    Vetting.objects.filter(partner=partner).update(vetted_on=at.date() - timedelta(days=10))
    member = partner_account(partner)
    referral = referral_draft(
        case=submitted.case,
        actor=handler.user,
        partner=partner,
        service="legal",
        pieces=["narrative"],
        purpose="Legal advice",
        summary="",
        until=at.date() + timedelta(days=until_days),
        now=at,
    )
    consent_give(
        referral=referral,
        case_key=inbox_login(submitted.receipt).key,
        pieces=["narrative"],
        language="en",
        now=at,
    )
    return {"case": submitted.case, "referral": referral, "member": member}


def _escalations(referral: Referral) -> int:
    return DeadlineEvent.objects.filter(case=referral.case, kind=OVERDUE).count()


def test_a_partner_that_does_not_accept_in_time_is_escalated_once(
    handler: StaffAccount, round_at: Callable[[datetime], list[str]]
) -> None:
    sent_at = timezone.now() - timedelta(hours=25)
    world = _sent(handler, at=sent_at)
    referral = world["referral"]
    mail.outbox.clear()
    round_at(sent_at + timedelta(hours=23, minutes=59))  # still within its 24 hours
    assert _escalations(referral) == 0
    assert not Referral.objects.get(pk=referral.pk).escalated
    assert not [m for m in mail.outbox if PAGE_TEXT in m.body]
    now = sent_at + timedelta(hours=24, minutes=1)
    done = round_at(now)
    assert f"referral {referral.pk} escalated" in done
    assert Referral.objects.get(pk=referral.pk).escalated
    assert _escalations(referral) == 1
    pages = [m for m in mail.outbox if "hana@example.org" in m.to]
    assert len(pages) == 1
    assert "They follow me home" not in pages[0].body  # a page carries no content
    round_at(now + timedelta(hours=1))
    round_at(timezone.now())
    assert _escalations(referral) == 1
    assert len([m for m in mail.outbox if "hana@example.org" in m.to]) == 1
    # The case page: the panel highlights it, the timeline says it.
    page = signed_in(handler).get(reverse("cases:detail", args=[world["case"].number])).text
    panel = page.split('id="referrals"', 1)[1].split("</section>", 1)[0]
    assert "referral--overdue" in panel
    assert "Escalated" in panel
    assert "countdown--over" in panel
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "escalation: Legal Aid Network did not answer the referral in time" in timeline


def test_a_partner_that_accepts_in_time_is_not_escalated(
    handler: StaffAccount, round_at: Callable[[datetime], list[str]]
) -> None:
    sent_at = timezone.now() - timedelta(hours=2)
    world = _sent(handler, at=sent_at)
    referral = world["referral"]
    partner_move(
        referral=referral,
        actor=world["member"].user,
        to_state=State.ACCEPTED,
        note="",
        now=sent_at + timedelta(hours=1),
        version=None,
    )
    partner_move(
        referral=referral,
        actor=world["member"].user,
        to_state=State.IN_PROGRESS,
        note="",
        now=sent_at + timedelta(hours=1, minutes=30),
        version=None,
    )
    round_at(sent_at + timedelta(days=5))
    assert _escalations(referral) == 0


def test_consent_that_runs_out_expires_the_referral_and_deletes_the_partner_s_wraps(
    handler: StaffAccount, round_at: Callable[[datetime], list[str]]
) -> None:
    world = _sent(handler, at=timezone.now(), until_days=3)
    referral, member = world["referral"], world["member"]
    assert access_referral(member.user, referral.uid) is not None
    assert ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    until = Referral.objects.get(pk=referral.pk).until
    round_at(timezone.now().replace(hour=12) + timedelta(days=3))  # the last day: still valid
    assert Referral.objects.get(pk=referral.pk).state == State.SENT
    done = round_at(timezone.now() + timedelta(days=4))
    assert f"referral {referral.uid} expired" in done
    expired = Referral.objects.get(pk=referral.pk)
    assert expired.until == until
    assert expired.state == State.EXPIRED
    assert bytes(expired.packet) == b""
    assert not ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    assert not ReferralFile.objects.filter(referral=referral).exists()
    with pytest.raises(Http404):
        access_referral(member.user, referral.uid)
    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[world["case"].number])).text
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "the referral to Legal Aid Network expired: the consent ran out" in timeline
    # The team keeps the record: its page still opens, without the packet.
    staff_page = hana.get(reverse("partners:staff_referral", args=[referral.uid]))
    assert staff_page.status_code == 200
    assert "the packet was deleted" in staff_page.text
