"""The team's side of a referral over HTTP: "Refer" from the case page (proposals, the draft),
the staff referral page and every move on it, each denied and allowed side by side."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.models import Consent, Partner, Referral, ReferralUpdate, ReferralWrap
from rightsdesk.partners.services.directory import override_permission_set
from rightsdesk.partners.services.loop import partner_move
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.partners.vocabulary import State
from tests.factories import (
    StaffAccount,
    case_filed,
    partner_account,
    partner_listed,
    signed_in,
    staff_account,
    without_tokens,
)

pytestmark = pytest.mark.django_db

MISSING = "00000000-0000-0000-0000-000000000000"
NARRATIVE = "SECRET-NARRATIVE they posted my address"


@pytest.fixture
def world(handler: StaffAccount) -> dict[str, Any]:
    """A case `handler` reads (filed after they exist: everyone active gets a grant), a partner
    that fits it, a member of that partner, and a team member without a grant to the case."""
    submitted = case_filed(narrative=NARRATIVE, country="IR")
    stranger = staff_account(username="stranger")  # created after filing: no grant
    partner = partner_listed(name="Legal Aid Network")
    return {
        "case": submitted.case,
        "receipt": submitted.receipt,
        "partner": partner,
        "member": partner_account(partner),
        "stranger": stranger,
    }


def _draft(case: Case, partner: Partner, actor: User, *, ask: bool = True) -> Referral:
    return referral_draft(
        case=case,
        actor=actor,
        partner=partner,
        service="legal",
        pieces=["narrative", "country"],
        purpose="Legal advice on the letter",
        summary="",
        until=timezone.now().date() + timedelta(days=30),
        now=timezone.now(),
        ask=ask,
    )


def _sent(world: dict[str, Any], actor: User) -> Referral:
    referral = _draft(world["case"], world["partner"], actor)
    inbox = inbox_login(world["receipt"])
    consent_give(
        referral=referral,
        case_key=inbox.key,
        pieces=["narrative"],
        language="en",
        now=timezone.now(),
    )
    return Referral.objects.get(pk=referral.pk)


def _snapshot(referral: Referral) -> tuple[Any, ...]:
    row = Referral.objects.get(pk=referral.pk)
    return (
        row.state,
        row.version,
        bytes(row.packet),
        ReferralUpdate.objects.filter(referral=row).count(),
        Consent.objects.filter(referral=row).count(),
        ReferralWrap.objects.filter(referral=row).count(),
    )


def _allow_override(user: User) -> None:
    admin = staff_account(role=User.Role.ADMIN).user
    override_permission_set(actor=admin, user=user, allowed=True)


# "Refer": the service, the proposals, the draft


def test_the_case_page_has_the_referrals_panel_and_refer_starts_there(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[world["case"].number])).text
    assert 'id="referrals"' in page
    assert 'href="#referrals"' in page  # in the page's jump list
    assert reverse("partners:case_refer", args=[world["case"].number]) in page
    assert "No referrals yet." in page


def test_proposals_are_ranked_with_reasons_and_the_excluded_say_why(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    slow = partner_listed(name="Slow Counsel", response_hours=240)
    partner_listed(name="Expired Friends", vetted_until_days=-1)
    partner_listed(name="Only Translators", services=("translation",))
    url = reverse("partners:case_refer", args=[world["case"].number])
    page = signed_in(handler).get(url, {"service": "legal"}).text
    proposals = page.split('class="proposal-list"', 1)[1].split("</ol>", 1)[0]
    assert proposals.index("Legal Aid Network") < proposals.index(slow.name)
    assert "score 0." in proposals
    assert "answers within 24 hours (committed)" in proposals
    assert "works in the volunteer&#x27;s language" in proposals
    excluded = page.split('<details class="excluded"', 1)[1].split("</details>", 1)[0]
    assert "Expired Friends</strong>: vetting expired or missing" in excluded
    assert "Only Translators</strong>: does not offer this service" in excluded
    assert "2 organisations left out, and why" in excluded
    # Each piece is shown with a preview, so the handler knows what they pick.
    assert "SECRET-NARRATIVE they posted my address" in page


def test_messages_and_files_are_chosen_one_by_one_with_a_preview(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    case = world["case"]
    message_post(case=case, body="I can meet a lawyer on Tuesday.", author=None)
    url = reverse("partners:case_refer", args=[case.number])
    page = signed_in(handler).get(url, {"service": "legal"}).text
    message = case.messages.get()
    assert f'value="message:{message.uid}"' in page
    assert "I can meet a lawyer on Tuesday." in page
    assert "Message from the reporter" in page


def test_an_unknown_service_shows_the_chooser_again(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    url = reverse("partners:case_refer", args=[world["case"].number])
    response = signed_in(handler).get(url, {"service": "juggling"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'class="proposal-list"' not in response.text


def _draft_post(world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {
        "service": "legal",
        "partner": str(world["partner"].uid),
        "purpose": "Legal advice on the threat letter",
        "pieces": ["narrative", "country"],
        "summary": "",
        "until": (timezone.now().date() + timedelta(days=30)).isoformat(),
        "go": "ask",
    }
    data.update(changes)
    return data


def test_drafting_asks_the_volunteer_or_keeps_a_draft(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    hana = signed_in(handler)
    url = reverse("partners:case_referral_draft", args=[world["case"].number])
    response = hana.post(url, _draft_post(world))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:staff_referral", args=[referral.uid])
    assert referral.state == State.AWAITING_CONSENT
    assert referral.pieces == ["narrative", "country"]
    response = hana.post(url, _draft_post(world, go="draft"))
    assert Referral.objects.filter(state=State.DRAFTED).count() == 1
    page = hana.get(response["Location"]).text
    assert "The referral is saved as a draft. Nothing was sent." in page
    assert "Legal advice on the threat letter" in page


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"pieces": []}, "Choose at least one piece of the case to share."),
        ({"pieces": ["summary"]}, "Write the summary, or do not choose it."),
        ({"until": "2001-01-01"}, "The consent must end after today"),
        ({"purpose": "   "}, "Say in a few words what the referral is for."),
    ],
)
def test_a_refused_draft_shows_why_and_what_was_typed(
    handler: StaffAccount, world: dict[str, Any], changes: dict[str, Any], reason: str
) -> None:
    url = reverse("partners:case_referral_draft", args=[world["case"].number])
    data = _draft_post(world, **changes)
    if data["purpose"] == "Legal advice on the threat letter":
        data["purpose"] = "Typed-by-the-handler 8812"
    response = signed_in(handler).post(url, data)
    assert response.status_code == 400
    assert "Nothing was changed" in response.text
    assert reason in response.text
    if "purpose" not in changes:
        assert "Typed-by-the-handler 8812" in response.text
    assert not Referral.objects.exists()


def test_a_partner_that_is_not_proposed_cannot_be_chosen(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    expired = partner_listed(name="Expired Friends", vetted_until_days=-1)
    url = reverse("partners:case_referral_draft", args=[world["case"].number])
    response = signed_in(handler).post(url, _draft_post(world, partner=str(expired.uid)))
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not Referral.objects.exists()


# Denied: a team member without a grant, a missing case or referral, a partner user


def _urls(referral: Referral, case: Case) -> list[tuple[str, str]]:
    uid = referral.uid
    posts = ["ask", "consent", "decline", "withdraw", "override", "approve", "cancel", "update"]
    return [
        ("get", reverse("partners:staff_referral", args=[uid])),
        *[("post", reverse(f"partners:referral_{name}", args=[uid])) for name in posts],
    ]


def test_a_team_member_without_a_grant_gets_the_404_of_a_missing_referral(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _sent(world, handler.user)
    before = _snapshot(referral)
    stranger = signed_in(world["stranger"])
    hana = signed_in(handler)
    data = {"version": referral.version, "note": "x", "reason": "x", "confirm": "yes"}
    for method, url in _urls(referral, world["case"]):
        missing = url.replace(str(referral.uid), MISSING)
        denied = getattr(stranger, method)(url, data)
        absent = getattr(stranger, method)(missing, data)
        assert denied.status_code == absent.status_code == 404, url
        assert without_tokens(denied.content) == without_tokens(absent.content), url
    assert hana.get(reverse("partners:staff_referral", args=[referral.uid])).status_code == 200
    assert _snapshot(referral) == before


def test_refer_pages_answer_a_case_without_a_grant_like_a_missing_case(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    number = world["case"].number
    stranger = signed_in(world["stranger"])
    for name, method in (("partners:case_refer", "get"), ("partners:case_referral_draft", "post")):
        denied = getattr(stranger, method)(reverse(name, args=[number]), _draft_post(world))
        absent = getattr(stranger, method)(reverse(name, args=["RD-0000NOPE"]), _draft_post(world))
        assert denied.status_code == absent.status_code == 404
        body = without_tokens(denied.content).replace(number.encode(), b"RD-?")
        assert body == without_tokens(absent.content).replace(b"RD-0000NOPE", b"RD-?")
    assert not Referral.objects.exists()
    allowed = signed_in(handler).get(reverse("partners:case_refer", args=[number]))
    assert allowed.status_code == 200


def _partner_signed_in(account: StaffAccount, monkeypatch: pytest.MonkeyPatch) -> Client:
    """A partner user signed in through the real login form. Their landing page is the partner
    portal's (another feature of issue 12): until it exists here, land on the dashboard, which
    answers them 404 like every team page."""
    monkeypatch.setattr("rightsdesk.accounts.views._home_of", lambda user: "cases:home")
    return signed_in(account)


def test_a_partner_user_gets_404_on_every_team_url(
    handler: StaffAccount, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    referral = _sent(world, handler.user)
    before = _snapshot(referral)
    member = _partner_signed_in(world["member"], monkeypatch)
    number = world["case"].number
    urls = [
        *_urls(referral, world["case"]),
        ("get", reverse("partners:case_refer", args=[number]) + "?service=legal"),
        ("post", reverse("partners:case_referral_draft", args=[number])),
    ]
    data = {"version": referral.version, "note": "x", "confirm": "yes", **_draft_post(world)}
    for method, url in urls:
        assert getattr(member, method)(url, data).status_code == 404, url
    assert _snapshot(referral) == before
    assert Referral.objects.count() == 1


# The moves, each allowed and refused


def test_a_saved_draft_can_be_changed_until_the_volunteer_is_asked(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _draft(world["case"], world["partner"], handler.user, ask=False)
    hana = signed_in(handler)
    page_url = reverse("partners:case_refer", args=[world["case"].number])
    shown = hana.get(page_url, {"draft": str(referral.uid)})
    assert shown.status_code == 200
    assert "You are changing a saved draft." in shown.text
    assert "Legal advice on the letter" in shown.text  # the sealed purpose, opened to edit
    url = reverse("partners:case_referral_draft", args=[world["case"].number])
    changed = _draft_post(
        world,
        draft=str(referral.uid),
        version=referral.version,
        purpose="Advice on the second letter",
        pieces=["narrative"],
        go="draft",
    )
    stale = hana.post(url, {**changed, "version": referral.version + 3})
    assert stale.status_code == 409
    assert Referral.objects.get(pk=referral.pk).pieces == ["narrative", "country"]
    assert hana.post(url, changed).status_code == 302
    referral.refresh_from_db()
    assert referral.pieces == ["narrative"]
    assert referral.state == State.DRAFTED
    assert Referral.objects.count() == 1  # changed, not a second one
    page = hana.get(reverse("partners:staff_referral", args=[referral.uid])).text
    assert "Advice on the second letter" in page
    assert AuditEntry.objects.filter(action="case.referral.redraft").count() == 1
    asked = hana.post(url, {**changed, "version": referral.version, "go": "ask"})
    assert asked.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.AWAITING_CONSENT
    # Once asked, it is no longer a draft: the page answers like a missing one; a change refused.
    assert hana.get(page_url, {"draft": str(referral.uid)}).status_code == 404
    late = hana.post(url, {**changed, "version": referral.version})
    assert late.status_code == 404
    assert Referral.objects.get(pk=referral.pk).pieces == ["narrative"]
    stranger = signed_in(world["stranger"])
    assert stranger.get(page_url, {"draft": str(referral.uid)}).status_code == 404


def test_asking_moves_a_draft_and_an_old_page_is_stale(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _draft(world["case"], world["partner"], handler.user, ask=False)
    hana = signed_in(handler)
    url = reverse("partners:referral_ask", args=[referral.uid])
    stale = hana.post(url, {"version": referral.version + 5})
    assert stale.status_code == 409
    assert "changed while you were looking at it" in stale.text
    assert Referral.objects.get(pk=referral.pk).state == State.DRAFTED
    response = hana.post(url, {"version": referral.version})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).state == State.AWAITING_CONSENT
    again = hana.post(url, {"version": referral.version + 1})
    assert again.status_code == 400  # no longer a draft: the table forbids it
    assert "cannot be moved there" in again.text


def test_recording_the_volunteer_s_yes_sends_only_what_they_agreed_to(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _draft(world["case"], world["partner"], handler.user)
    hana = signed_in(handler)
    url = reverse("partners:referral_consent", args=[referral.uid])
    base = {"version": referral.version, "channel": "phone", "language": "ar"}
    refused = hana.post(url, {**base, "pieces": ["contact"]})  # not proposed
    assert refused.status_code == 400
    assert Referral.objects.get(pk=referral.pk).state == State.AWAITING_CONSENT
    inbox_channel = hana.post(url, {**base, "channel": "inbox", "pieces": ["country"]})
    assert inbox_channel.status_code == 400  # only the volunteer answers in the inbox
    response = hana.post(url, {**base, "pieces": ["country"]})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.SENT
    assert referral.consented == ["country"]
    row = Consent.objects.get(referral=referral)
    assert (row.decision, row.channel, row.language, row.recorded_by) == (
        "agreed",
        "phone",
        "ar",
        handler.user,
    )
    page = hana.get(reverse("partners:staff_referral", args=[referral.uid])).text
    packet = page.split('id="packet"', 1)[1].split("</section>", 1)[0]
    assert "Iran" in packet
    assert "SECRET-NARRATIVE" not in packet  # proposed, not agreed: not in the packet
    ledger = page.split('id="ledger"', 1)[1].split("</section>", 1)[0]
    for shown in ("Agreed", "By phone, recorded by a team member", handler.user.username, "ar"):
        assert shown in ledger


def test_recording_a_no_ends_it_and_sends_nothing(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _draft(world["case"], world["partner"], handler.user)
    hana = signed_in(handler)
    url = reverse("partners:referral_decline", args=[referral.uid])
    invalid = hana.post(url, {"version": referral.version, "language": "en"})
    assert invalid.status_code == 400  # the channel is missing
    assert "Say how the volunteer answered" in invalid.text
    response = hana.post(url, {"version": referral.version, "channel": "email", "language": "en"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.WITHDRAWN
    assert bytes(referral.packet) == b""
    assert Consent.objects.get(referral=referral).decision == "declined"


def test_recording_a_withdrawal_deletes_the_partner_s_wraps(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _sent(world, handler.user)
    assert ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    hana = signed_in(handler)
    url = reverse("partners:referral_withdraw", args=[referral.uid])
    data = {"version": referral.version, "channel": "messenger", "language": "en"}
    stale = hana.post(url, {**data, "version": referral.version - 1})
    assert stale.status_code == 409
    assert ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    assert hana.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.WITHDRAWN
    assert not ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    assert Consent.objects.filter(referral=referral, decision="withdrawn").count() == 1


def test_referring_without_consent_needs_the_permission_a_reason_and_a_second_person(
    handler: StaffAccount, other_handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _draft(world["case"], world["partner"], handler.user)
    hana, omar = signed_in(handler), signed_in(other_handler)
    ask = reverse("partners:referral_override", args=[referral.uid])
    approve = reverse("partners:referral_approve", args=[referral.uid])
    reason = {"version": referral.version, "reason": "Detained; family asked us to act"}
    # Without the permission: refused, nothing changed; the page says why instead of a form.
    before = _snapshot(referral)
    denied = hana.post(ask, reason)
    assert denied.status_code == 400
    assert "needs a permission you do not have" in denied.text
    assert _snapshot(referral) == before
    _allow_override(handler.user)
    no_reason = hana.post(ask, {"version": referral.version, "reason": "  "})
    assert no_reason.status_code == 400
    assert _snapshot(referral) == before
    assert hana.post(ask, reason).status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.AWAITING_APPROVAL
    # The one who asked cannot approve; a second member without the permission cannot either.
    own = hana.post(approve, {"version": referral.version})
    assert own.status_code == 400
    assert "not the one who asked" in own.text
    before = _snapshot(referral)
    without = omar.post(approve, {"version": referral.version})
    assert without.status_code == 400
    assert _snapshot(referral) == before
    _allow_override(other_handler.user)
    assert omar.post(approve, {"version": referral.version}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.SENT
    assert referral.override_approved_by == other_handler.user
    row = Consent.objects.get(referral=referral)
    assert (row.decision, row.channel, row.recorded_by, row.approved_by) == (
        "overridden",
        "override",
        handler.user,
        other_handler.user,
    )
    page = hana.get(reverse("partners:staff_referral", args=[referral.uid])).text
    assert "Detained; family asked us to act" in page
    assert "Without the volunteer's consent" in page


def test_cancelling_asks_first_then_takes_the_partner_s_access_away(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _sent(world, handler.user)
    hana = signed_in(handler)
    url = reverse("partners:referral_cancel", args=[referral.uid])
    before = _snapshot(referral)
    first = hana.post(url, {"version": referral.version})
    assert first.status_code == 200
    assert "Nothing has happened yet" in first.text
    assert _snapshot(referral) == before
    done = hana.post(url, {"version": referral.version, "confirm": "yes"})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.CANCELLED
    assert not ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    again = hana.post(url, {"version": referral.version, "confirm": "yes"})
    assert again.status_code == 400


def test_a_team_update_reaches_the_loop_and_the_case_timeline(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _draft(world["case"], world["partner"], handler.user)
    hana = signed_in(handler)
    url = reverse("partners:referral_update", args=[referral.uid])
    early = hana.post(url, {"note": "Too early"})
    assert early.status_code == 400  # nothing is open with the partner yet
    referral = _sent_from(referral, world)
    assert hana.post(url, {"note": "   "}).status_code == 400
    assert hana.post(url, {"note": "Lawyer-call-booked-4471"}).status_code == 302
    page = hana.get(reverse("cases:detail", args=[world["case"].number])).text
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "Lawyer-call-booked-4471" in timeline
    assert "Referral update" in timeline
    assert "drafted a referral to Legal Aid Network" in timeline
    assert "referral sent to Legal Aid Network" in timeline
    assert "posted an update on the referral to Legal Aid Network" in timeline
    # The volunteer's consent (which sent it) is recorded by day only: listed before the day's
    # timed events; the handler's steps keep their order.
    order = [
        timeline.index(t) for t in ("drafted a referral", "asked the volunteer", "Lawyer-call")
    ]
    assert order == sorted(order)
    # The audit line of the update holds no content.
    assert not AuditEntry.objects.filter(action__contains="Lawyer").exists()


def _sent_from(referral: Referral, world: dict[str, Any]) -> Referral:
    consent_give(
        referral=referral,
        case_key=inbox_login(world["receipt"]).key,
        pieces=["narrative"],
        language="en",
        now=timezone.now(),
    )
    return Referral.objects.get(pk=referral.pk)


def test_the_partner_s_updates_show_on_the_case_as_the_partner_s(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    referral = _sent(world, handler.user)
    partner_move(
        referral=referral,
        actor=world["member"].user,
        to_state=State.ACCEPTED,
        note="We-will-call-tomorrow-5521",
        now=timezone.now(),
        version=None,
    )
    page = signed_in(handler).get(reverse("cases:detail", args=[world["case"].number])).text
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    item = timeline.split("We-will-call-tomorrow-5521", 1)[0].rsplit("<li", 1)[1]
    assert "Update from the partner" in item
    assert "Legal Aid Network" in item
    assert "now “Accepted”" in item
    assert "Legal Aid Network accepted the referral" in timeline
    panel = page.split('id="referrals"', 1)[1].split("</section>", 1)[0]
    assert "Accepted" in panel
    assert "Due" in panel


def test_the_volunteer_s_own_steps_are_shown_by_day_only(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    _sent(world, handler.user)
    page = signed_in(handler).get(reverse("cases:detail", args=[world["case"].number])).text
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    item = timeline.split("the volunteer agreed to the referral to Legal Aid Network", 1)[0]
    meta = item.rsplit("<li", 1)[1]
    assert "Reporter" in meta
    assert "<time datetime=" in meta
    assert 'class="zone"' not in meta  # a day, no time


def test_the_case_page_costs_the_same_however_many_referrals_moved_without_a_word(
    handler: StaffAccount, world: dict[str, Any]
) -> None:
    hana = signed_in(handler)
    url = reverse("cases:detail", args=[world["case"].number])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert hana.get(url).status_code == 200
        return len(captured.captured_queries)

    _sent(world, handler.user)
    one = queries()
    for _ in range(3):
        _sent(world, handler.user)
    assert queries() == one
