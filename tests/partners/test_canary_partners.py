"""The referral canary: what the volunteer did not consent to never reaches a partner user, and
nothing planted is ever at rest in clear.

Unique strings are planted in the narrative, the contact, the volunteer's two messages, the
team's message, two files (names and bytes), the team's purpose and summary, and the partner's
updates. The team proposes all of it but one more message; the volunteer agrees in the inbox (over
HTTP) with the contact, one message and one file unticked. Then everything a
partner user can fetch (the portal's list, the referral's page, every file download, the pages
after each action) is collected and searched; the database rows, every file under the data
directory and the logs are scanned; the volunteer withdraws, and the database must hold no key
wrap for the partner's users and the partner must get nothing any more.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from rightsdesk.partners.models import Referral, ReferralWrap
from rightsdesk.partners.vocabulary import State
from tests.factories import (
    inbox_client,
    partner_account,
    partner_listed,
    referral_proposed,
    signed_in,
    staff_account,
)
from tests.reporting import file_report, receipt_from
from tests.scanning import canary, data_dir_hits, database_rows, scan_bytes

CONSENTED = ("narrative", "summary", "purpose", "team_message", "file_name", "file_bytes")
LEFT_OUT = ("contact", "own_message", "other_file_name", "other_file_bytes")
NEVER_PROPOSED = ("unproposed_message",)


def _fetch_all(partner: Client, referral: Referral) -> bytes:
    """Everything the partner user can fetch about `referral`: the list, its page, each file."""
    home = partner.get(reverse("partners:portal"))
    page = partner.get(reverse("partners:portal_referral", args=[referral.uid]))
    blobs = [home.content, page.content]
    for file_uid in re.findall(
        rf"/partner/referrals/{referral.uid}/files/([0-9a-f-]+)/", page.content.decode()
    ):
        download = partner.get(reverse("partners:portal_file", args=[referral.uid, file_uid]))
        assert download.status_code == 200
        blobs.append(b"".join(download.streaming_content))  # type: ignore[attr-defined]  # a file
    return b"\n".join(blobs)


@pytest.mark.django_db(transaction=True)
def test_what_was_not_consented_never_reaches_the_partner_nor_rests_in_clear(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = {name: canary(name) for name in (*CONSENTED, *LEFT_OUT, *NEVER_PROPOSED)}
    planted |= {"update": canary("update"), "accept_note": canary("acceptnote")}
    handler = staff_account().user
    partner = partner_listed(name="Canary Legal")
    member = partner_account(partner)

    filed = file_report(
        Client(),
        narrative=planted["narrative"],
        contact=planted["contact"],
        files=[
            SimpleUploadedFile(f"{planted['file_name']}.txt", planted["file_bytes"].encode()),
            SimpleUploadedFile(
                f"{planted['other_file_name']}.txt", planted["other_file_bytes"].encode()
            ),
        ],
    )
    receipt = receipt_from(filed.content.decode())
    case = Case.objects.get()
    team = message_post(case=case, body=planted["team_message"], author=handler)
    own = message_post(case=case, body=planted["own_message"], author=None)
    message_post(case=case, body=planted["unproposed_message"], author=None)
    # Filed in this order: the first file is shared, the second left out (if the order were
    # different, the consented file would not reach the partner and the test would fail).
    attachments = list(case.attachments.order_by("id"))
    referral = referral_proposed(
        case,
        partner,
        handler,
        pieces=(
            "narrative",
            "contact",
            "summary",
            f"message:{team.uid}",
            f"message:{own.uid}",
            *(f"file:{a.uid}" for a in attachments),
        ),
        purpose=planted["purpose"],
        summary=planted["summary"],
    )

    # The volunteer reads the proposal (every piece shown) and agrees without three of them.
    volunteer = inbox_client(receipt)
    proposal = volunteer.get(reverse("partners:consent", args=[referral.uid])).content.decode()
    for name in ("narrative", "contact", "summary", "purpose", "team_message", "own_message"):
        assert planted[name] in proposal, name
    assert planted["file_name"] in proposal
    assert planted["other_file_name"] in proposal
    assert planted["unproposed_message"] not in proposal
    other_file = f"file:{attachments[1].uid}"
    kept = [p for p in referral.pieces if p not in ("contact", f"message:{own.uid}", other_file)]
    agreed = volunteer.post(
        reverse("partners:consent", args=[referral.uid]),
        {"answer": "agree", "pieces": kept, "version": referral.version},
    )
    assert agreed.status_code == 302

    # The partner signs in, reads everything it can, acts and writes back.
    portal = signed_in(member)
    referral.refresh_from_db()
    fetched = [_fetch_all(portal, referral)]
    posted = portal.post(
        reverse("partners:portal_move", args=[referral.uid]),
        {"to_state": "accepted", "note": planted["accept_note"], "version": referral.version},
    )
    assert posted.status_code == 302
    referral.refresh_from_db()
    portal.post(
        reverse("partners:portal_update", args=[referral.uid]),
        {"note": planted["update"], "version": referral.version},
    )
    fetched.append(_fetch_all(portal, referral))
    seen = b"\n".join(fetched)
    for name in CONSENTED:
        assert planted[name].encode() in seen, f"{name} should reach the partner"
    assert planted["update"].encode() in seen  # the partner's own words come back to it
    leaked = scan_bytes(seen, {n: planted[n].encode() for n in (*LEFT_OUT, *NEVER_PROPOSED)})
    assert leaked == []

    # At rest: nothing planted in clear, anywhere.
    needles = {name: value.encode() for name, value in planted.items()}
    needles |= {f"{n} (folded)": v.casefold().encode() for n, v in planted.items()}
    found: dict[str, list[str]] = {}
    if rows := scan_bytes(database_rows(), needles):
        found["database rows"] = rows
    on_disk, scanned = data_dir_hits(needles)
    found |= on_disk
    if logged := scan_bytes((caplog.text + "".join(capfd.readouterr())).encode(), needles):
        found["logs"] = logged
    assert found == {}
    assert scanned >= 3

    # The volunteer withdraws: no wrap for the partner's users is left, and nothing is served.
    withdraw = reverse("partners:consent_withdraw", args=[referral.uid])
    referral.refresh_from_db()
    done = volunteer.post(withdraw, {"version": referral.version, "confirm": "yes"})
    assert done.status_code == 302
    assert Referral.objects.get(pk=referral.pk).state == State.WITHDRAWN
    assert not ReferralWrap.objects.filter(user__partner_membership__partner=partner).exists()
    assert not ReferralWrap.objects.filter(referral=referral, kind="member").exists()
    assert portal.get(reverse("partners:portal_referral", args=[referral.uid])).status_code == 404
    after = portal.get(reverse("partners:portal")).content
    assert scan_bytes(after, needles) == []
    assert scan_bytes(database_rows(), needles) == []
