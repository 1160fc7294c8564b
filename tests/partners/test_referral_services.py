"""Referrals through the services: draft, consent per piece, the packet, the loop, withdrawal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, Message
from rightsdesk.crypto import unlock_with_password
from rightsdesk.intake.inbox import Inbox, inbox_login
from rightsdesk.partners.access import access_referral, unlock_referral
from rightsdesk.partners.keys import open_packet
from rightsdesk.partners.models import Consent, Partner, Referral, ReferralWrap
from rightsdesk.partners.services.common import ReferralRefused
from rightsdesk.partners.services.loop import consent_withdraw, partner_move
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.partners.vocabulary import State
from tests.factories import StaffAccount, case_filed, partner_account, partner_listed, staff_account

pytestmark = pytest.mark.django_db


def _draft(
    case: Case, partner: Partner, handler: User, pieces: tuple[str, ...] = ("narrative", "country")
) -> Referral:
    return referral_draft(
        case=case,
        actor=handler,
        partner=partner,
        service="legal",
        pieces=list(pieces),
        purpose="Legal advice on the threat letter",
        summary="",
        until=timezone.now().date() + timedelta(days=30),
        now=timezone.now(),
    )


def _setup() -> tuple[User, Case, Inbox]:
    handler = staff_account().user
    submitted = case_filed(narrative="SECRET-NARRATIVE my address was posted", country="IR")
    case = submitted.case
    inbox = inbox_login(submitted.receipt)
    return handler, case, inbox


def test_consent_sends_only_the_agreed_pieces_and_the_partner_opens_them() -> None:
    handler, case, inbox = _setup()
    partner = partner_listed()
    member = partner_account(partner)
    referral = _draft(case, partner, handler, pieces=("narrative", "country", "threat_types"))
    assert referral.state == State.AWAITING_CONSENT
    consent_give(
        referral=referral, case_key=inbox.key, pieces=["country"], language="en", now=timezone.now()
    )
    referral.refresh_from_db()
    assert referral.state == State.SENT
    assert Consent.objects.get(referral=referral).pieces == ["country"]
    seen = access_referral(member.user, referral.uid)
    key = unlock_referral(seen, member.user, member_key(member))
    packet = open_packet(bytes(seen.packet), key, str(seen.uid))
    assert packet["country"] == "IR"
    assert "narrative" not in packet
    assert "threat_types" not in packet
    assert b"SECRET-NARRATIVE" not in bytes(seen.packet)


def member_key(account: StaffAccount) -> PrivateKey:
    return unlock_with_password(account.user.keyring.bundle(), account.password)


def test_consent_twice_and_unproposed_pieces_are_refused() -> None:
    handler, case, inbox = _setup()
    partner = partner_listed()
    partner_account(partner)  # someone to send it to (without, it would go by OpenPGP)
    referral = _draft(case, partner, handler)
    with pytest.raises(ReferralRefused):
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=["contact"],
            language="en",
            now=timezone.now(),
        )
    assert Referral.objects.get(pk=referral.pk).state == State.AWAITING_CONSENT
    consent_give(
        referral=referral,
        case_key=inbox.key,
        pieces=["narrative"],
        language="en",
        now=timezone.now(),
    )
    with pytest.raises(ReferralRefused):
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=["narrative"],
            language="en",
            now=timezone.now(),
        )
    assert Consent.objects.filter(referral=referral).count() == 1


@pytest.mark.parametrize(
    ("options", "service"),
    [
        ({"vetted_until_days": -1}, "legal"),
        ({"capacity": 0}, "legal"),
        ({}, "relocation"),
    ],
)
def test_ineligible_partners_are_refused(options: dict[str, Any], service: str) -> None:
    handler, case, _inbox = _setup()
    partner = partner_listed(**options)
    with pytest.raises(ReferralRefused):
        referral_draft(
            case=case,
            actor=handler,
            partner=partner,
            service=service,
            pieces=["narrative"],
            purpose="x",
            summary="",
            until=timezone.now().date() + timedelta(days=3),
            now=timezone.now(),
        )
    assert not Referral.objects.exists()


def test_withdrawal_deletes_the_partners_wraps_and_packet() -> None:
    handler, case, inbox = _setup()
    partner = partner_listed()
    member = partner_account(partner)
    referral = _draft(case, partner, handler)
    consent_give(
        referral=referral,
        case_key=inbox.key,
        pieces=["narrative"],
        language="en",
        now=timezone.now(),
    )
    assert ReferralWrap.objects.filter(referral=referral, kind="member").count() == 1
    consent_withdraw(referral=referral, language="en", now=timezone.now())
    referral.refresh_from_db()
    assert referral.state == State.WITHDRAWN
    assert not ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    assert bytes(referral.packet) == b""
    with pytest.raises(Http404):
        access_referral(member.user, referral.uid)
    with pytest.raises(ReferralRefused):
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=["narrative"],
            language="en",
            now=timezone.now(),
        )


def test_partner_b_cannot_open_partner_as_referral_and_outcome_follows_up(
    django_capture_on_commit_callbacks: Any,
) -> None:
    handler, case, inbox = _setup()
    a, b = partner_listed(), partner_listed()
    member_a, member_b = partner_account(a), partner_account(b)
    referral = _draft(case, a, handler)
    consent_give(
        referral=referral,
        case_key=inbox.key,
        pieces=["narrative"],
        language="en",
        now=timezone.now(),
    )
    with pytest.raises(Http404):
        access_referral(member_b.user, referral.uid)
    with pytest.raises(ReferralRefused):
        partner_move(
            referral=referral,
            actor=member_b.user,
            to_state=State.ACCEPTED,
            note="",
            now=timezone.now(),
            version=None,
        )
    partner_move(
        referral=referral,
        actor=member_a.user,
        to_state=State.ACCEPTED,
        note="We will call",
        now=timezone.now(),
        version=None,
    )
    before = Message.objects.filter(case=case).count()
    with pytest.raises(ReferralRefused):  # completing needs an outcome
        partner_move(
            referral=referral,
            actor=member_a.user,
            to_state=State.COMPLETED,
            note="",
            now=timezone.now(),
            version=None,
        )
    with django_capture_on_commit_callbacks(execute=True):
        partner_move(
            referral=referral,
            actor=member_a.user,
            to_state=State.COMPLETED,
            note="Done",
            now=timezone.now(),
            version=None,
            outcome="resolved",
        )
    assert Referral.objects.get(pk=referral.pk).state == State.COMPLETED
    follow_up = Message.objects.filter(case=case).order_by("-seq").first()
    assert Message.objects.filter(case=case).count() == before + 1
    assert follow_up is not None
    assert follow_up.author == handler
