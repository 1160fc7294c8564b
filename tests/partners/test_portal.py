"""The partner portal over HTTP: who gets in, the list, one referral's packet and files, every
move with its reason or outcome, updates, refusals (a step out of order, a page out of date, a
missing code) that change nothing, and the password change for a partner user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.models import Partner, Referral, ReferralUpdate, ReferralWrap
from rightsdesk.partners.services.loop import consent_withdraw
from rightsdesk.partners.services.referrals import consent_give
from rightsdesk.partners.vocabulary import State
from tests.factories import (
    StaffAccount,
    partner_account,
    partner_listed,
    referral_proposed,
    signed_in,
    staff_account,
)
from tests.reporting import file_report, receipt_from

pytestmark = pytest.mark.django_db

FILE_BYTES = b"a scan of the threat letter\n" * 20


@dataclass
class Sent:
    partner: Partner
    member: StaffAccount
    client: Client
    case: Case
    referral: Referral
    file_uid: str


def _sent(
    *, pieces: tuple[str, ...] = ("narrative", "country"), partner: Partner | None = None
) -> Sent:
    handler = staff_account().user
    partner = partner or partner_listed(name="Digital Defenders")
    member = partner_account(partner)
    upload = SimpleUploadedFile("letter.txt", FILE_BYTES, "text/plain")
    filed = file_report(
        Client(),
        narrative="My account was taken over after I edited.",
        contact="mail: volunteer@example.org",
        country="MM",
        files=[upload],
    )
    receipt = receipt_from(filed.content.decode())
    case = Case.objects.latest("pk")
    message = message_post(case=case, body="The attacker wrote to me again.", author=None)
    attachment = case.attachments.get()
    proposed = (*pieces, "contact", f"file:{attachment.uid}", f"message:{message.uid}")
    referral = referral_proposed(case, partner, handler, pieces=proposed, service="legal")
    consent_give(
        referral=referral,
        case_key=inbox_login(receipt).key,
        pieces=[*pieces, f"file:{attachment.uid}", f"message:{message.uid}"],  # no contact
        language="en",
        now=timezone.now(),
    )
    referral.refresh_from_db()
    shared = referral.files.get()
    return Sent(partner, member, signed_in(member), case, referral, str(shared.uid))


def _page(s: Sent) -> str:
    response = s.client.get(reverse("partners:portal_referral", args=[s.referral.uid]))
    assert response.status_code == 200
    return response.content.decode()


def _move(s: Sent, to_state: str, **extra: object) -> Any:
    version = Referral.objects.get(pk=s.referral.pk).version
    data = {"to_state": to_state, "version": version, **extra}
    return s.client.post(reverse("partners:portal_move", args=[s.referral.uid]), data)


def test_a_partner_signs_in_to_the_portal_and_sees_the_referral_listed() -> None:
    s = _sent()
    fresh = Client()
    landed = fresh.post(
        reverse("accounts:login"),
        {"username": s.member.user.username, "password": s.member.password, "otp": s.member.otp(1)},
    )
    assert landed["Location"] == reverse("partners:portal")
    home = fresh.get(reverse("partners:portal")).content.decode()
    assert reverse("partners:portal_referral", args=[s.referral.uid]) in home
    assert "Sent" in home
    assert "Legal support" in home
    assert "Digital Defenders" in home
    assert "Search" not in home  # the staff navigation is not there


def test_the_referral_page_holds_the_packet_as_consented() -> None:
    s = _sent()
    page = _page(s)
    for shown in (
        "My account was taken over after I edited.",
        "Myanmar",
        "The attacker wrote to me again.",
        "letter.txt",
        "Legal advice on the threat letter",  # the team's purpose
        "Mark as received",
        "Accept",
        "Decline",
    ):
        assert shown in page, shown
    assert "volunteer@example.org" not in page  # proposed, but left out by the volunteer
    assert s.case.number not in page  # never the case


def test_a_shared_file_downloads_as_it_was_uploaded() -> None:
    s = _sent()
    response = s.client.get(reverse("partners:portal_file", args=[s.referral.uid, s.file_uid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == FILE_BYTES  # type: ignore[attr-defined]  # a StreamingHttpResponse
    missing = s.client.get(reverse("partners:portal_file", args=[s.referral.uid, uuid.uuid4()]))
    assert missing.status_code == 404


def test_the_loop_from_received_to_completed_with_an_outcome() -> None:
    s = _sent()
    assert _move(s, "received").status_code == 302
    assert _move(s, "accepted", note="We will call tomorrow.").status_code == 302
    assert _move(s, "in_progress").status_code == 302
    refused = _move(s, "completed", note="done")
    assert refused.status_code == 400
    assert "Choose the outcome." in refused.content.decode()
    assert Referral.objects.get(pk=s.referral.pk).state == State.IN_PROGRESS
    done = _move(s, "completed", outcome="resolved", note="Advice given.")
    assert done.status_code == 302
    referral = Referral.objects.get(pk=s.referral.pk)
    assert (referral.state, referral.outcome) == (State.COMPLETED, "resolved")
    page = _page(s)
    assert "We will call tomorrow." in page
    assert "Advice given." in page
    assert "The need was met" in page
    assert "Post update" not in page  # closed: no more updates, no moves
    assert "Mark as received" not in page


def test_declining_needs_a_reason() -> None:
    s = _sent()
    bare = _move(s, "declined", note="Sorry.")
    assert bare.status_code == 400
    assert "Choose why you decline." in bare.content.decode()
    assert "Sorry." in bare.content.decode()  # what was typed is kept
    assert Referral.objects.get(pk=s.referral.pk).state == State.SENT
    declined = _move(s, "declined", reason="no_capacity")
    assert declined.status_code == 302
    referral = Referral.objects.get(pk=s.referral.pk)
    assert (referral.state, referral.decline_reason) == (State.DECLINED, "no_capacity")
    # A decline ends the partner's access: the page is gone, the list keeps the state.
    gone = s.client.get(reverse("partners:portal_referral", args=[s.referral.uid]))
    assert gone.status_code == 404
    home = s.client.get(reverse("partners:portal")).content.decode()
    assert "Declined" in home
    assert reverse("partners:portal_referral", args=[s.referral.uid]) not in home


def test_a_step_out_of_order_or_from_an_old_page_changes_nothing() -> None:
    s = _sent()
    early = _move(s, "completed", outcome="resolved")
    assert early.status_code == 400
    version = Referral.objects.get(pk=s.referral.pk).version
    assert _move(s, "received").status_code == 302
    stale = s.client.post(
        reverse("partners:portal_move", args=[s.referral.uid]),
        {"to_state": "accepted", "version": version},
    )
    assert stale.status_code == 409
    assert "changed while you were looking at it" in stale.content.decode()
    assert Referral.objects.get(pk=s.referral.pk).state == State.RECEIVED
    not_a_partner_move = _move(s, "cancelled")
    assert not_a_partner_move.status_code == 400
    assert Referral.objects.get(pk=s.referral.pk).state == State.RECEIVED


def test_updates_are_posted_and_refused_when_empty_or_stale() -> None:
    s = _sent()
    url = reverse("partners:portal_update", args=[s.referral.uid])
    version = Referral.objects.get(pk=s.referral.pk).version
    empty = s.client.post(url, {"note": "  ", "version": version})
    assert empty.status_code == 400
    posted = s.client.post(url, {"note": "We left a message on Signal.", "version": version})
    assert posted.status_code == 302
    assert "We left a message on Signal." in _page(s)
    assert _move(s, "received").status_code == 302
    stale = s.client.post(url, {"note": "From an old page.", "version": version})
    assert stale.status_code == 409
    assert ReferralUpdate.objects.filter(referral=s.referral, from_partner=True).count() == 2


def test_after_withdrawal_the_list_shows_the_state_only() -> None:
    s = _sent()
    consent_withdraw(referral=s.referral, language="en", now=timezone.now())
    home = s.client.get(reverse("partners:portal")).content.decode()
    assert "Withdrawn by the volunteer" in home
    assert "no longer shared with you" in home
    assert reverse("partners:portal_referral", args=[s.referral.uid]) not in home
    page = s.client.get(reverse("partners:portal_referral", args=[s.referral.uid]))
    assert page.status_code == 404


def test_team_members_get_404_and_strangers_the_login_page() -> None:
    s = _sent()
    team = signed_in(staff_account(role="admin"))
    for url in (
        reverse("partners:portal"),
        reverse("partners:portal_referral", args=[s.referral.uid]),
        reverse("partners:portal_file", args=[s.referral.uid, s.file_uid]),
    ):
        assert team.get(url).status_code == 404
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"] == reverse("accounts:login")
    moved = team.post(
        reverse("partners:portal_move", args=[s.referral.uid]),
        {"to_state": "accepted", "version": s.referral.version},
    )
    assert moved.status_code == 404
    assert Referral.objects.get(pk=s.referral.pk).state == State.SENT


def test_a_partner_changes_their_password_without_the_staff_navigation() -> None:
    s = _sent()
    form = s.client.get(reverse("accounts:password_change")).content.decode()
    assert reverse("partners:portal") in form
    assert reverse("cases:search") not in form
    changed = s.client.post(
        reverse("accounts:password_change"),
        {
            "old_password": s.member.password,
            "new_password": "another long passphrase 9902",
            "new_password_again": "another long passphrase 9902",
        },
    )
    assert changed.status_code == 302
    assert changed["Location"] == reverse("partners:portal")
    # The key was re-locked, and the session's vault still opens the referral.
    assert "My account was taken over after I edited." in _page(s)


def test_the_portal_mirrors_in_arabic() -> None:
    s = _sent()
    page = s.client.get(
        reverse("partners:portal_referral", args=[s.referral.uid]), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()
    assert 'dir="rtl"' in page


def test_a_colleague_who_joins_later_reads_the_referral_once_a_holder_signs_in() -> None:
    """The referral key was wrapped to the members of the day; a newcomer gets it from the next
    colleague who opens the portal (the server never holds it), but nothing after a withdrawal,
    and never a deactivated colleague."""
    s = _sent()
    newcomer = partner_account(s.partner)
    gone = partner_account(s.partner)
    gone.user.is_active = False
    gone.user.save(update_fields=["is_active"])
    newcomer_client = signed_in(newcomer)
    url = reverse("partners:portal_referral", args=[s.referral.uid])
    assert newcomer_client.get(url).status_code == 404  # no wrap yet: like a missing referral
    assert s.client.get(reverse("partners:portal")).status_code == 200  # a holder signs in
    assert ReferralWrap.objects.filter(referral=s.referral, user=newcomer.user).exists()
    assert not ReferralWrap.objects.filter(referral=s.referral, user=gone.user).exists()
    page = newcomer_client.get(url).content.decode()
    assert "My account was taken over after I edited." in page
    consent_withdraw(
        referral=Referral.objects.get(pk=s.referral.pk), language="en", now=timezone.now()
    )
    later = partner_account(s.partner)
    s.client.get(reverse("partners:portal"))
    assert not ReferralWrap.objects.filter(referral=s.referral, user=later.user).exists()
    assert newcomer_client.get(url).status_code == 404


def test_the_catch_up_on_every_portal_list_asks_once_for_all_referrals() -> None:
    """Who already holds each referral is asked once for all of them, not once per referral:
    the portal list reads the wrap table three times (the list, the user's wraps, who holds
    them) whether the user holds one referral or three."""
    first = _sent()
    for _ in range(2):
        _sent(partner=first.partner)  # another referral, and another member who holds it
    first.client.get(reverse("partners:portal"))  # the first member catches the others up
    assert ReferralWrap.objects.filter(user=first.member.user).count() == 3
    with CaptureQueriesContext(connection) as queries:
        assert first.client.get(reverse("partners:portal")).status_code == 200
    wrap_reads = [q for q in queries.captured_queries if "partners_referralwrap" in q["sql"]]
    assert len(wrap_reads) == 3
