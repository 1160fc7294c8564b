"""The partner network's API: the team (directory, matching, referrals), partner users and the
volunteer, each with the denied and the allowed caller side by side; a partner token on staff
operations; missing and forbidden referrals; hostile bodies that change nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Attachment, Case
from rightsdesk.partners.models import Consent, Partner, Referral, ReferralUpdate
from rightsdesk.partners.services.directory import override_permission_set
from tests.factories import StaffAccount, partner_account, partner_listed, staff_account
from tests.openpgp import key_pair
from tests.reporting import get, post_json, reporter_token, staff_token

MISSING_UID = "00000000-0000-4000-8000-000000000000"
MISSING_CASE = "RD-00000000"
UNTIL = (timezone.now().date() + timedelta(days=30)).isoformat()


@dataclass
class World:
    case: Case
    file_uid: str
    volunteer: str
    hana: str
    outsider: str
    partner_a: Partner
    partner_b: Partner
    member_a: str
    member_b: str
    hana_user: User


def _world(client: Client, handler: StaffAccount) -> World:
    """A case with a file (granted to hana), two organisations with one user each, and a team
    member who joined after the case came in (so holds no grant)."""
    response = client.post(
        "/api/v1/reports",
        {
            "narrative": "NARRATIVE-SECRET my address was posted",
            "contact": "CONTACT-SECRET",
            "country": "IR",
            "attachments": [SimpleUploadedFile("letter.txt", b"FILE-CONTENT", "text/plain")],
        },
    )
    assert response.status_code == 201, response.content
    receipt = response.json()["receipt"]
    case = Case.objects.get()
    late = staff_account(username="late")
    partner_a, partner_b = partner_listed(name="Legal Aid A"), partner_listed(name="Legal Aid B")
    account_a, account_b = partner_account(partner_a), partner_account(partner_b)
    return World(
        case=case,
        file_uid=str(Attachment.objects.get(case=case).uid),
        volunteer=reporter_token(client, receipt),
        hana=staff_token(client, handler),
        outsider=staff_token(client, late),
        partner_a=partner_a,
        partner_b=partner_b,
        member_a=staff_token(client, account_a),
        member_b=staff_token(client, account_b),
        hana_user=handler.user,
    )


def _draft(client: Client, world: World, **extra: Any) -> Any:
    body = {
        "partner": str(world.partner_a.uid),
        "service": "legal",
        "pieces": ["narrative", "contact", "country", f"file:{world.file_uid}"],
        "purpose": "Legal advice on the threat",
        "until": UNTIL,
        **extra,
    }
    return post_json(client, f"/api/v1/cases/{world.case.number}/referrals", body, world.hana)


def _agreed(client: Client, world: World) -> str:
    """A referral to A that the volunteer agreed to: the narrative and the file, not the contact."""
    drafted = _draft(client, world)
    assert drafted.status_code == 201, drafted.content
    uid = drafted.json()["uid"]
    agreed = post_json(
        client,
        f"/api/v1/inbox/referrals/{uid}/consent",
        {"decision": "agree", "pieces": ["narrative", f"file:{world.file_uid}"]},
        world.volunteer,
    )
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["state"] == "sent"
    return str(uid)


def _snapshot() -> tuple[Any, ...]:
    return (
        sorted(Referral.objects.values_list("uid", "state", "version")),
        Consent.objects.count(),
        ReferralUpdate.objects.count(),
    )


@pytest.fixture
def schema(client: Client, db: None) -> dict[str, Any]:
    return dict(client.get("/api/schema").json())


OPERATIONS = {
    "partnerList": ("get", "/api/v1/partners", "StaffToken"),
    "partnerDetail": ("get", "/api/v1/partners/{uid}", "StaffToken"),
    "referralProposals": ("get", "/api/v1/cases/{number}/referral-proposals", "StaffToken"),
    "caseReferrals": ("get", "/api/v1/cases/{number}/referrals", "StaffToken"),
    "referralDraft": ("post", "/api/v1/cases/{number}/referrals", "StaffToken"),
    "referralDetail": ("get", "/api/v1/referrals/{uid}", "StaffToken"),
    "referralAsk": ("post", "/api/v1/referrals/{uid}/ask", "StaffToken"),
    "referralConsent": ("post", "/api/v1/referrals/{uid}/consent", "StaffToken"),
    "referralOverride": ("post", "/api/v1/referrals/{uid}/override", "StaffToken"),
    "referralOverrideApprove": ("post", "/api/v1/referrals/{uid}/override/approve", "StaffToken"),
    "referralCancel": ("post", "/api/v1/referrals/{uid}/cancel", "StaffToken"),
    "referralUpdate": ("post", "/api/v1/referrals/{uid}/updates", "StaffToken"),
    "referralOpenpgpMessage": ("get", "/api/v1/referrals/{uid}/openpgp-message", "StaffToken"),
    "partnerReferrals": ("get", "/api/v1/partner/referrals", "PartnerToken"),
    "partnerReferral": ("get", "/api/v1/partner/referrals/{uid}", "PartnerToken"),
    "partnerReferralMove": ("post", "/api/v1/partner/referrals/{uid}/moves", "PartnerToken"),
    "partnerReferralUpdate": ("post", "/api/v1/partner/referrals/{uid}/updates", "PartnerToken"),
    "partnerReferralFile": (
        "get",
        "/api/v1/partner/referrals/{uid}/files/{file_uid}",
        "PartnerToken",
    ),
    "inboxReferrals": ("get", "/api/v1/inbox/referrals", "ReporterToken"),
    "inboxReferralConsent": ("post", "/api/v1/inbox/referrals/{uid}/consent", "ReporterToken"),
}


def test_the_schema_lists_every_operation_with_its_token(schema: dict[str, Any]) -> None:
    for operation_id, (method, path, scheme) in OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"] == operation_id
        assert operation["security"] == [{scheme: []}], operation_id
        assert "401" in operation["responses"]
    assert schema["components"]["securitySchemes"]["PartnerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    packet = schema["components"]["schemas"]["Packet"]
    assert set(packet["required"]) == {"case", "pieces", "purpose", "messages", "language"}
    file_answer = schema["paths"]["/api/v1/partner/referrals/{uid}/files/{file_uid}"]["get"]
    assert "application/octet-stream" in file_answer["responses"]["200"]["content"]


@pytest.mark.django_db
def test_directory_and_proposals_denied_and_allowed(client: Client, handler: StaffAccount) -> None:
    world = _world(client, handler)
    listed = get(client, "/api/v1/partners?service=legal&vetted=true", world.hana)
    assert listed.status_code == 200, listed.content
    names = [p["name"] for p in listed.json()["partners"]]
    assert names == ["Legal Aid A", "Legal Aid B"]
    assert listed.json()["partners"][0]["reachable_by"] == "accounts"
    assert get(client, "/api/v1/partners?service=relocation", world.hana).json() == {"partners": []}
    bad = get(client, "/api/v1/partners?service=astrology", world.hana)
    assert bad.status_code == 400
    assert bad.json()["field"] == "service"
    detail = get(client, f"/api/v1/partners/{world.partner_a.uid}", world.hana).json()
    assert detail["vettings"][0]["vouched_by"] == "A CiviCERT member"
    assert get(client, f"/api/v1/partners/{MISSING_UID}", world.hana).status_code == 404

    for token in (world.member_a, world.volunteer, "nonsense"):
        for path in ("/api/v1/partners", f"/api/v1/partners/{world.partner_a.uid}"):
            denied = get(client, path, token)
            assert denied.status_code == 401
            assert denied.json()["error"] == "unauthorized"

    path = f"/api/v1/cases/{world.case.number}/referral-proposals?service=legal"
    proposed = get(client, path, world.hana)
    assert proposed.status_code == 200, proposed.content
    body = proposed.json()
    assert [p["partner"]["name"] for p in body["proposals"]] == ["Legal Aid A", "Legal Aid B"]
    assert all(p["reasons"] for p in body["proposals"])
    assert get(client, path.replace("legal", "relocation"), world.hana).json()["excluded"][0]["why"]
    forbidden = get(client, path, world.outsider)
    missing = get(client, path.replace(world.case.number, MISSING_CASE), world.outsider)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


@pytest.mark.django_db
def test_a_referral_from_draft_to_outcome(
    client: Client, handler: StaffAccount, django_capture_on_commit_callbacks: Any
) -> None:
    world = _world(client, handler)
    drafted = _draft(client, world)
    assert drafted.status_code == 201, drafted.content
    uid = drafted.json()["uid"]
    assert drafted.json()["state"] == "awaiting_consent"
    listed = get(client, f"/api/v1/cases/{world.case.number}/referrals", world.hana).json()
    assert [r["uid"] for r in listed["referrals"]] == [uid]

    inbox = get(client, "/api/v1/inbox/referrals", world.volunteer).json()["referrals"]
    assert len(inbox) == 1
    assert inbox[0]["can_answer"]
    assert inbox[0]["purpose"] == "Legal advice on the threat"
    assert inbox[0]["partner"] == "Legal Aid A"
    assert [p["kind"] for p in inbox[0]["pieces"]] == ["narrative", "contact", "country", "file"]

    not_proposed = post_json(
        client,
        f"/api/v1/inbox/referrals/{uid}/consent",
        {"decision": "agree", "pieces": ["threat_types"]},
        world.volunteer,
    )
    assert not_proposed.status_code == 400
    assert not_proposed.json()["error"] == "referral_refused"
    agreed = post_json(
        client,
        f"/api/v1/inbox/referrals/{uid}/consent",
        {"decision": "agree", "pieces": ["narrative", f"file:{world.file_uid}"]},
        world.volunteer,
    )
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["can_withdraw"]

    # Partner A reads exactly the agreed pieces; partner B gets what a missing referral gets.
    mine = get(client, f"/api/v1/partner/referrals/{uid}", world.member_a)
    assert mine.status_code == 200, mine.content
    packet = mine.json()["packet"]
    assert packet["narrative"] == "NARRATIVE-SECRET my address was posted"
    assert "contact" not in packet
    assert "country" not in packet
    assert b"CONTACT-SECRET" not in mine.content
    (shared,) = mine.json()["files"]
    file_path = f"/api/v1/partner/referrals/{uid}/files/{shared['id']}"
    downloaded = get(client, file_path, world.member_a)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == b"FILE-CONTENT"
    assert downloaded["Content-Type"] == "application/octet-stream"
    for path in (f"/api/v1/partner/referrals/{uid}", file_path):
        other = get(client, path, world.member_b)
        missing = get(client, path.replace(uid, MISSING_UID), world.member_b)
        assert other.status_code == missing.status_code == 404
        assert other.content == missing.content
    assert get(client, "/api/v1/partner/referrals", world.member_b).json() == {"referrals": []}
    (listed_a,) = get(client, "/api/v1/partner/referrals", world.member_a).json()["referrals"]
    assert listed_a["readable"]
    assert listed_a["state"] == "sent"

    moves = f"/api/v1/partner/referrals/{uid}/moves"
    version = listed_a["version"]
    assert (
        post_json(client, moves, {"to": "accepted", "version": version}, world.member_b).json()[
            "error"
        ]
        == "not_found"
    )
    accepted = post_json(client, moves, {"to": "accepted", "version": version}, world.member_a)
    assert accepted.status_code == 200, accepted.content
    stale = post_json(client, moves, {"to": "in_progress", "version": version}, world.member_a)
    assert stale.status_code == 409
    assert stale.json()["error"] == "referral_stale"
    version = accepted.json()["version"]
    noted = post_json(
        client, f"/api/v1/partner/referrals/{uid}/updates", {"note": "We called"}, world.member_a
    )
    assert noted.status_code == 201
    no_outcome = post_json(client, moves, {"to": "completed", "version": version}, world.member_a)
    assert no_outcome.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        done = post_json(
            client,
            moves,
            {"to": "completed", "version": version, "outcome": "resolved", "note": "Helped"},
            world.member_a,
        )
    assert done.status_code == 200, done.content
    assert done.json()["outcome"] == "resolved"

    opened = get(client, f"/api/v1/referrals/{uid}", world.hana)
    assert opened.status_code == 200, opened.content
    body = opened.json()
    assert body["referral"]["state"] == "completed"
    assert body["purpose"] == "Legal advice on the threat"
    assert [row["decision"] for row in body["ledger"]] == ["agreed"]
    assert body["ledger"][0]["channel"] == "inbox"
    assert {"We called", "Helped"} <= {u["body"] for u in body["updates"]}
    cancel = post_json(
        client,
        f"/api/v1/referrals/{uid}/cancel",
        {"version": body["referral"]["version"]},
        world.hana,
    )
    assert cancel.status_code == 400
    assert cancel.json()["error"] == "referral_refused"


@pytest.mark.django_db
def test_consent_from_another_channel_and_referring_without_consent(
    client: Client, handler: StaffAccount, other_handler: StaffAccount
) -> None:
    world = _world(client, handler)
    omar = staff_token(client, other_handler)
    first = _draft(client, world).json()
    heard = post_json(
        client,
        f"/api/v1/referrals/{first['uid']}/consent",
        {"decision": "agree", "pieces": ["narrative"], "channel": "phone", "language": "fa"},
        world.hana,
    )
    assert heard.status_code == 200, heard.content
    assert heard.json()["consented"] == ["narrative"]
    ledger = get(client, f"/api/v1/referrals/{first['uid']}", world.hana).json()["ledger"]
    assert ledger[0]["channel"] == "phone"
    assert ledger[0]["recorded_by"] == "hana"
    assert ledger[0]["language"] == "fa"
    inbox_channel = post_json(
        client,
        f"/api/v1/referrals/{first['uid']}/consent",
        {"decision": "withdraw", "channel": "inbox", "language": "en"},
        world.hana,
    )
    assert inbox_channel.status_code == 400

    second = _draft(client, world, ask=False).json()
    assert second["state"] == "drafted"
    path = f"/api/v1/referrals/{second['uid']}"
    reason = {"reason": "The volunteer is detained", "version": second["version"]}
    no_permission = post_json(client, f"{path}/override", reason, world.hana)
    assert no_permission.status_code == 400
    assert Referral.objects.get(uid=second["uid"]).state == "drafted"
    admin = staff_account(role=User.Role.ADMIN).user
    for user in (handler.user, other_handler.user):
        override_permission_set(actor=admin, user=user, allowed=True)
    asked = post_json(client, f"{path}/override", reason, world.hana)
    assert asked.status_code == 200, asked.content
    version = {"version": asked.json()["version"]}
    same_person = post_json(client, f"{path}/override/approve", version, world.hana)
    assert same_person.status_code == 400
    approved = post_json(client, f"{path}/override/approve", version, omar)
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "sent"
    ledger = get(client, path, world.hana).json()["ledger"]
    assert ledger[-1]["decision"] == "overridden"
    assert ledger[-1]["approved_by"] == "omar"
    # The volunteer never saw the request while it waited; now they can withdraw.
    inbox = get(client, "/api/v1/inbox/referrals", world.volunteer).json()["referrals"]
    assert {r["uid"] for r in inbox} == {first["uid"], second["uid"]}


@pytest.mark.django_db
def test_withdrawal_in_the_inbox_takes_the_partners_access_away(
    client: Client, handler: StaffAccount
) -> None:
    world = _world(client, handler)
    uid = _agreed(client, world)
    assert get(client, f"/api/v1/partner/referrals/{uid}", world.member_a).status_code == 200
    withdrawn = post_json(
        client, f"/api/v1/inbox/referrals/{uid}/consent", {"decision": "withdraw"}, world.volunteer
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["state"] == "withdrawn"
    gone = get(client, f"/api/v1/partner/referrals/{uid}", world.member_a)
    missing = get(client, f"/api/v1/partner/referrals/{MISSING_UID}", world.member_a)
    assert gone.status_code == 404
    assert gone.content == missing.content
    (listed,) = get(client, "/api/v1/partner/referrals", world.member_a).json()["referrals"]
    assert listed["state"] == "withdrawn"
    assert not listed["readable"]
    again = post_json(
        client, f"/api/v1/inbox/referrals/{uid}/consent", {"decision": "agree"}, world.volunteer
    )
    assert again.status_code == 400


def _staff_calls(number: str, uid: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    version = {"version": 0}
    return [
        ("get", f"/api/v1/cases/{number}/referral-proposals?service=legal", None),
        ("get", f"/api/v1/cases/{number}/referrals", None),
        ("post", f"/api/v1/cases/{number}/referrals", {"partner": MISSING_UID}),
        ("get", f"/api/v1/referrals/{uid}", None),
        ("post", f"/api/v1/referrals/{uid}/ask", version),
        (
            "post",
            f"/api/v1/referrals/{uid}/consent",
            {"decision": "decline", "channel": "phone", "language": "en"},
        ),
        ("post", f"/api/v1/referrals/{uid}/override", {"reason": "x", **version}),
        ("post", f"/api/v1/referrals/{uid}/override/approve", version),
        ("post", f"/api/v1/referrals/{uid}/cancel", version),
        ("post", f"/api/v1/referrals/{uid}/updates", {"note": "x"}),
        ("get", f"/api/v1/referrals/{uid}/openpgp-message", None),
    ]


def _call(client: Client, method: str, path: str, body: Any, token: str) -> Any:
    if method == "get":
        return get(client, path, token)
    return post_json(client, path, body, token)


@pytest.mark.django_db
def test_a_partner_token_on_staff_operations_learns_nothing(
    client: Client, handler: StaffAccount
) -> None:
    world = _world(client, handler)
    uid = _agreed(client, world)
    before = _snapshot()
    real = _staff_calls(world.case.number, uid)
    missing = _staff_calls(MISSING_CASE, MISSING_UID)
    for (method, path, body), (_m, other, other_body) in zip(real, missing, strict=True):
        for token in (world.member_a, world.member_b):
            seen = _call(client, method, path, body, token)
            unseen = _call(client, method, other, other_body, token)
            assert seen.status_code == unseen.status_code == 401, path
            assert seen.content == unseen.content
    # Nor may a team member or a volunteer use the partner operations.
    for token in (world.hana, world.volunteer):
        assert get(client, f"/api/v1/partner/referrals/{uid}", token).status_code == 401
        assert get(client, "/api/v1/partner/referrals", token).status_code == 401
    assert get(client, "/api/v1/inbox/referrals", world.member_a).status_code == 401
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_referral_the_caller_cannot_read_looks_missing(
    client: Client, handler: StaffAccount
) -> None:
    world = _world(client, handler)
    uid = _agreed(client, world)
    before = _snapshot()
    real = _staff_calls(world.case.number, uid)
    missing = _staff_calls(world.case.number, MISSING_UID)
    for (method, path, body), (_m, other, other_body) in zip(real, missing, strict=True):
        if "/referrals/" not in path or path.startswith("/api/v1/cases/"):
            continue
        seen = _call(client, method, path, body, world.outsider)
        unseen = _call(client, method, other, other_body, world.outsider)
        assert seen.status_code == unseen.status_code == 404, path
        assert seen.content == unseen.content
    # Another volunteer's inbox: the same.
    receipt = post_json(client, "/api/v1/reports", {"narrative": "someone else"}).json()["receipt"]
    stranger = reporter_token(client, receipt)
    assert get(client, "/api/v1/inbox/referrals", stranger).json() == {"referrals": []}
    theirs = post_json(
        client, f"/api/v1/inbox/referrals/{uid}/consent", {"decision": "withdraw"}, stranger
    )
    nobody = post_json(
        client, f"/api/v1/inbox/referrals/{MISSING_UID}/consent", {"decision": "withdraw"}, stranger
    )
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.content == nobody.content
    assert _snapshot() == before


HOSTILE: list[tuple[str, Any, str]] = [
    ("pieces", "narrative", "invalid"),
    ("pieces", [1, 2], "invalid"),
    ("pieces", ["astrology"], "referral_refused"),
    ("pieces", [f"file:{MISSING_UID}"], "referral_refused"),
    ("pieces", [f"p{i}" for i in range(5000)], "referral_refused"),
    ("pieces", ["narrative"] * 200_000, "malformed_body"),
    ("purpose", 5, "invalid"),
    ("purpose", "x" * 10_000, "referral_refused"),
    ("until", "tomorrow", "invalid"),
    ("until", "2001-01-01", "referral_refused"),
    ("ask", "yes", "invalid"),
    ("colour", "red", "unknown_field"),
    ("partner", {"uid": "x"}, "invalid"),
]


@pytest.mark.django_db
def test_hostile_bodies_get_a_clear_4xx_and_change_nothing(
    client: Client, handler: StaffAccount
) -> None:
    world = _world(client, handler)
    uid = _agreed(client, world)
    before = _snapshot()
    for field, value, code in HOSTILE:
        response = _draft(client, world, **{field: value})
        assert response.status_code == 400, (field, response.content[:200])
        assert response.json()["error"] == code, (field, response.json())
    path = f"/api/v1/cases/{world.case.number}/referrals"
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    nested = client.post(
        path,
        json.dumps({"pieces": deep})[:2_000_000],
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.hana}"},
    )
    assert nested.status_code == 400
    assert nested.json()["error"] == "malformed_json"
    moves = f"/api/v1/partner/referrals/{uid}/moves"
    current = Referral.objects.get(uid=uid).version
    for body, code in [
        ({"to": "accepted"}, "invalid"),
        ({"to": "accepted", "version": "1"}, "invalid"),
        ({"to": "accepted", "version": -1}, "invalid"),
        ({"to": "accepted", "version": 2**70}, "invalid"),
        ({"to": "cancelled", "version": 0}, "referral_refused"),
        ({"to": "declined", "version": 0}, "referral_refused"),
        ({"to": "declined", "version": 0, "reason": "astrology"}, "referral_refused"),
        ({"to": ["accepted"], "version": 0}, "invalid"),
        ({"to": "accepted", "version": current, "note": "x" * 5000}, "referral_refused"),
        ({"to": "completed", "version": current, "outcome": "resolved"}, "referral_refused"),
    ]:
        response = post_json(client, moves, body, world.member_a)
        assert response.status_code == 400, (body, response.content[:200])
        assert response.json()["error"] == code, (body, response.json())
    consent = f"/api/v1/inbox/referrals/{uid}/consent"
    for body in ({"decision": "maybe"}, {"decision": "agree", "pieces": "all"}, {}):
        assert post_json(client, consent, body, world.volunteer).status_code == 400
    assert (
        client.post(
            consent,
            "decision=agree",
            content_type="text/plain",
            headers={"Authorization": f"Bearer {world.volunteer}"},
        ).status_code
        == 415
    )
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_openpgp_message_downloads_again_for_the_team_only(
    client: Client, handler: StaffAccount, django_capture_on_commit_callbacks: Any
) -> None:
    world = _world(client, handler)
    with key_pair() as key:
        remote = partner_listed(
            name="No Accounts Org", email="in@remote.example", openpgp_key=key.public
        )
        listed = get(client, f"/api/v1/partners/{remote.uid}", world.hana).json()
        assert listed["reachable_by"] == "openpgp"
        assert listed["openpgp_fingerprint"] == key.fingerprint
        drafted = _draft(client, world, partner=str(remote.uid)).json()
        with django_capture_on_commit_callbacks(execute=True):
            post_json(
                client,
                f"/api/v1/inbox/referrals/{drafted['uid']}/consent",
                {"decision": "agree", "pieces": ["narrative"]},
                world.volunteer,
            )
        (sent,) = mail.outbox
        path = f"/api/v1/referrals/{drafted['uid']}/openpgp-message"
        again = get(client, path, world.hana)
        assert again.status_code == 200, again.content
        assert again.json()["fingerprint"] == key.fingerprint
        assert again.json()["armored"] == sent.attachments[0][1]
        assert key.packet(again.json()["armored"])["narrative"].startswith("NARRATIVE-SECRET")
    forbidden = get(client, path, world.outsider)
    assert forbidden.status_code == 404
    assert (
        forbidden.content
        == get(client, path.replace(drafted["uid"], MISSING_UID), world.outsider).content
    )
    assert get(client, path, world.member_a).status_code == 401
    plain = _agreed(client, world)
    refused = get(client, f"/api/v1/referrals/{plain}/openpgp-message", world.hana)
    assert refused.status_code == 400
    assert refused.json()["error"] == "referral_refused"
