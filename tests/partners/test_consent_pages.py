"""The volunteer's consent in the inbox, over HTTP: the panel, the page that shows exactly what
would go, agreeing with a piece left out, declining, withdrawing in two steps, answers given
twice or from a page out of date, and another case's referral answering like a missing one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from rightsdesk.crypto import unlock_with_password
from rightsdesk.partners.access import access_referral, unlock_referral
from rightsdesk.partners.keys import open_packet
from rightsdesk.partners.models import Consent, Partner, Referral, ReferralWrap
from rightsdesk.partners.services.loop import referral_cancel
from rightsdesk.partners.vocabulary import CONSENT_TEXT_VERSION, State
from tests.factories import (
    StaffAccount,
    case_filed,
    inbox_client,
    partner_account,
    partner_listed,
    referral_proposed,
    staff_account,
    without_tokens,
)
from tests.reporting import file_report, receipt_from

pytestmark = pytest.mark.django_db

NARRATIVE = "They posted my street and my employer on a forum."
CONTACT = "signal: +00 5550 1234"
TEAM_MESSAGE = "We spoke to a lawyer who can help."
OWN_MESSAGE = "Thank you, the posts are still up."
SUMMARY = "Doxxed after editing an article on a local election."


@dataclass
class Setting:
    handler: User
    partner: Partner
    member: StaffAccount
    case: Case
    volunteer: Client
    referral: Referral


def _setup(pieces: tuple[str, ...] | None = None) -> Setting:
    handler = staff_account().user
    partner = partner_listed(name="Lawyers Without Fear")
    Partner.objects.filter(pk=partner.pk).update(
        description="Free legal advice for people threatened online.",
        website="https://lawyers.example.org/",
        countries=["IR"],
    )
    partner.refresh_from_db()
    member = partner_account(partner)
    reporter = Client()
    upload = SimpleUploadedFile("threat-letter.txt", b"the letter", "text/plain")
    filed = file_report(
        reporter,
        narrative=NARRATIVE,
        contact=CONTACT,
        country="IR",
        threat_types=["doxxing", "legal_threat"],
        files=[upload],
    )
    assert filed.status_code == 201
    receipt = receipt_from(filed.content.decode())
    case = Case.objects.get()
    team = message_post(case=case, body=TEAM_MESSAGE, author=handler)
    own = message_post(case=case, body=OWN_MESSAGE, author=None)
    attachment = case.attachments.get()
    chosen = pieces or (
        "narrative",
        "contact",
        "country",
        "threat_types",
        "summary",
        f"message:{team.uid}",
        f"file:{attachment.uid}",
    )
    referral = referral_proposed(case, partner, handler, pieces=chosen, summary=SUMMARY)
    assert own.uid  # posted, but not proposed
    return Setting(handler, partner, member, case, inbox_client(receipt), referral)


def _url(referral: Referral, name: str = "partners:consent") -> str:
    return reverse(name, args=[referral.uid])


def test_the_inbox_shows_the_proposal_at_the_top() -> None:
    s = _setup()
    page = s.volunteer.get(reverse("intake:inbox")).content.decode()
    assert (
        "The team proposes to put you in touch with Lawyers Without Fear for Legal support: "
        "please answer." in page
    )
    assert _url(s.referral) in page
    # Near the top: before the report itself.
    assert page.index("Lawyers Without Fear") < page.index("What you sent")


def test_the_page_shows_each_proposed_piece_with_its_content() -> None:
    s = _setup()
    response = s.volunteer.get(_url(s.referral))
    page = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Lawyers Without Fear",
        "Free legal advice for people threatened online.",
        "https://lawyers.example.org/",
        "Legal support",
        "Legal advice on the threat letter",  # the purpose
        NARRATIVE,
        CONTACT,
        "Iran",
        "Private information published (doxxing)",
        "Legal threat",
        SUMMARY,
        TEAM_MESSAGE,
        "threat-letter.txt",
        CONSENT_TEXT_VERSION,
        "Withdrawing deletes",
        "cannot see anything else",
    ):
        assert shown in page, shown
    assert OWN_MESSAGE not in page  # not proposed, so not on the list
    assert page.count('name="pieces"') == 7
    assert page.count(" checked") == 7  # each ticked by default


def test_agreeing_with_a_piece_left_out_sends_only_the_rest() -> None:
    s = _setup()
    kept = [p for p in s.referral.pieces if p != "contact"]
    response = s.volunteer.post(
        _url(s.referral),
        {"answer": "agree", "pieces": kept, "version": s.referral.version},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 302
    s.referral.refresh_from_db()
    assert s.referral.state == State.SENT
    assert s.referral.consented == kept
    consent = Consent.objects.get(referral=s.referral)
    assert (consent.decision, consent.channel, consent.language) == ("agreed", "inbox", "ar")
    assert consent.text_version == CONSENT_TEXT_VERSION
    assert consent.recorded_by is None
    key = unlock_with_password(s.member.user.keyring.bundle(), s.member.password)
    seen = access_referral(s.member.user, s.referral.uid)
    packet = open_packet(
        bytes(seen.packet), unlock_referral(seen, s.member.user, key), str(seen.uid)
    )
    assert "contact" not in packet
    assert packet["narrative"] == NARRATIVE
    # The page now says what went, and offers to withdraw.
    page = s.volunteer.get(_url(s.referral)).content.decode()
    assert "Withdraw my consent" in page
    assert CONTACT not in page
    assert NARRATIVE in page


def test_declining_sends_nothing() -> None:
    s = _setup()
    response = s.volunteer.post(
        _url(s.referral), {"answer": "decline", "version": s.referral.version}
    )
    assert response.status_code == 302
    s.referral.refresh_from_db()
    assert s.referral.state == State.WITHDRAWN
    assert bytes(s.referral.packet) == b""
    assert not ReferralWrap.objects.filter(referral=s.referral).exists()
    assert Consent.objects.get(referral=s.referral).decision == "declined"
    inbox = s.volunteer.get(reverse("intake:inbox")).content.decode()
    assert "please answer" not in inbox


def test_an_answer_given_twice_is_refused_and_changes_nothing() -> None:
    s = _setup()
    answer = {"answer": "agree", "pieces": ["narrative"], "version": s.referral.version}
    assert s.volunteer.post(_url(s.referral), answer).status_code == 302
    again = s.volunteer.post(_url(s.referral), answer)
    assert again.status_code == 400
    assert "not waiting for an answer any more" in again.content.decode()
    declined = s.volunteer.post(_url(s.referral), {**answer, "answer": "decline"})
    assert declined.status_code == 400
    assert Consent.objects.filter(referral=s.referral).count() == 1
    assert Referral.objects.get(pk=s.referral.pk).state == State.SENT


def test_a_page_out_of_date_is_refused() -> None:
    s = _setup()
    stale = {"answer": "agree", "pieces": ["narrative"], "version": s.referral.version + 1}
    response = s.volunteer.post(_url(s.referral), stale)
    assert response.status_code == 409
    assert "changed while you were looking at it" in response.content.decode()
    assert not Consent.objects.exists()
    # The team cancelled it meanwhile: the answer from the old page is refused too.
    referral_cancel(
        referral=s.referral, actor=s.handler, now=timezone.now(), version=s.referral.version
    )
    late = s.volunteer.post(
        _url(s.referral), {**stale, "version": s.referral.version, "answer": "decline"}
    )
    assert late.status_code == 400
    assert not Consent.objects.exists()


def test_agreeing_to_nothing_or_to_what_was_not_proposed_is_refused() -> None:
    s = _setup(pieces=("narrative",))
    nothing = s.volunteer.post(_url(s.referral), {"answer": "agree", "version": s.referral.version})
    assert nothing.status_code == 400
    assert "Choose at least one piece to share, or decline." in nothing.content.decode()
    more = s.volunteer.post(
        _url(s.referral),
        {"answer": "agree", "pieces": ["narrative", "contact"], "version": s.referral.version},
    )
    assert more.status_code == 400
    assert Referral.objects.get(pk=s.referral.pk).state == State.AWAITING_CONSENT
    assert not Consent.objects.exists()


def test_withdrawing_takes_a_confirmation_and_deletes_the_partners_access() -> None:
    s = _setup()
    s.volunteer.post(
        _url(s.referral),
        {"answer": "agree", "pieces": ["narrative"], "version": s.referral.version},
    )
    s.referral.refresh_from_db()
    assert s.referral.state == State.SENT
    withdraw = _url(s.referral, "partners:consent_withdraw")
    asked = s.volunteer.get(withdraw)
    assert asked.status_code == 200
    assert "cannot make Lawyers Without Fear forget" in asked.content.decode()
    # A POST without the confirmation button only asks again.
    unconfirmed = s.volunteer.post(withdraw, {"version": s.referral.version})
    assert unconfirmed.status_code == 200
    assert Referral.objects.get(pk=s.referral.pk).state == State.SENT
    done = s.volunteer.post(withdraw, {"version": s.referral.version, "confirm": "yes"})
    assert done.status_code == 302
    s.referral.refresh_from_db()
    assert s.referral.state == State.WITHDRAWN
    assert not ReferralWrap.objects.filter(referral=s.referral, kind="member").exists()
    assert Consent.objects.filter(referral=s.referral, decision="withdrawn").count() == 1
    twice = s.volunteer.post(withdraw, {"version": s.referral.version, "confirm": "yes"})
    assert twice.status_code == 400
    assert "nothing to withdraw" in twice.content.decode()
    assert Consent.objects.filter(referral=s.referral).count() == 2


def test_withdrawing_from_a_page_out_of_date_is_refused() -> None:
    s = _setup()
    s.volunteer.post(
        _url(s.referral),
        {"answer": "agree", "pieces": ["narrative"], "version": s.referral.version},
    )
    s.referral.refresh_from_db()
    shown = s.referral.version
    Referral.objects.filter(pk=s.referral.pk).update(version=shown + 1)  # the partner moved it
    stale = s.volunteer.post(
        _url(s.referral, "partners:consent_withdraw"), {"version": shown, "confirm": "yes"}
    )
    assert stale.status_code == 409
    assert Referral.objects.get(pk=s.referral.pk).state == State.SENT


def test_another_cases_referral_answers_like_a_missing_one() -> None:
    s = _setup()
    other = case_filed(narrative="Another volunteer entirely.")
    stranger = inbox_client(other.receipt)
    missing = uuid.uuid4()
    for name in ("partners:consent", "partners:consent_withdraw"):
        theirs = stranger.get(reverse(name, args=[s.referral.uid]))
        nothing = stranger.get(reverse(name, args=[missing]))
        assert theirs.status_code == nothing.status_code == 404
        assert without_tokens(theirs.content) == without_tokens(nothing.content)
        posted = stranger.post(
            reverse(name, args=[s.referral.uid]),
            {"answer": "decline", "version": s.referral.version, "confirm": "yes"},
        )
        posted_missing = stranger.post(
            reverse(name, args=[missing]), {"answer": "decline", "version": 1, "confirm": "yes"}
        )
        assert posted.status_code == posted_missing.status_code == 404
        assert without_tokens(posted.content) == without_tokens(posted_missing.content)
    assert Referral.objects.get(pk=s.referral.pk).state == State.AWAITING_CONSENT


def test_a_draft_not_yet_proposed_is_not_shown() -> None:
    handler = staff_account().user
    filed = case_filed()
    referral = referral_proposed(filed.case, partner_listed(), handler)
    Referral.objects.filter(pk=referral.pk).update(state=State.DRAFTED)
    volunteer = inbox_client(filed.receipt)
    draft = volunteer.get(_url(referral))
    missing = volunteer.get(reverse("partners:consent", args=[uuid.uuid4()]))
    assert draft.status_code == 404
    assert without_tokens(draft.content) == without_tokens(missing.content)
    assert "please answer" not in volunteer.get(reverse("intake:inbox")).content.decode()


def test_without_an_inbox_session_the_volunteer_signs_in_first() -> None:
    s = _setup()
    response = Client().get(_url(s.referral))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:inbox_login")
