"""Triage: classification sealed and locked, vetting and mandate steps, out of mandate."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.content import Classification, open_classification, seal_classification
from rightsdesk.cases.models import Case, Message, TriageStep
from rightsdesk.crypto import CryptoError, new_report_keypair
from tests.factories import StaffAccount, signed_in, staff_account
from tests.reporting import file_report, receipt_from

REFERRAL = "Please contact the Example Legal Aid Network: help.example.org, Signal +00 000."
SEALED_CODES = (b"infiltrator", b"personal_traits", b"written_about", b"child")


def _row_bytes(case: Case) -> bytes:
    """Every column of the case's row as stored, as one blob of bytes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE id = %s", [case.pk])
        row = cursor.fetchone()
    return b"".join(bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row)


def _classify(client: Client, number: str, version: int, **extra: list[str]) -> Any:
    data: dict[str, object] = {
        "version": version,
        "threat_types": ["doxxing", "surveillance"],
        "rights": ["privacy"],
        "actor_types": ["infiltrator"],
        "reasons": ["personal_traits"],
        "affected": ["written_about", "child"],
    }
    data.update(extra)
    return client.post(reverse("cases:classify", args=[number]), data)


def _checked(html: str, name: str, value: str) -> bool:
    return bool(re.search(rf'name="{name}" value="{value}"[^>]*\bchecked', html))


def test_classification_is_prefilled_then_sealed_and_audited(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client, actor_types=["government"], reasons=["criticism"])
    case = Case.objects.get()
    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    # Not classified yet: the form starts from the reporter's own answers.
    assert _checked(page, "actor_types", "government")
    assert _checked(page, "reasons", "criticism")
    assert _checked(page, "threat_types", "doxxing")
    assert not _checked(page, "affected", "child")

    assert _classify(hana, case.number, case.version).status_code == 302
    fresh = Case.objects.get()
    assert fresh.threat_types == ["doxxing", "surveillance"]  # clear metadata
    assert fresh.rights == ["privacy"]
    assert fresh.version == case.version + 1
    stored = _row_bytes(fresh)
    assert bytes(fresh.classification)
    for code in SEALED_CODES:
        assert code not in stored
    entry = AuditEntry.objects.get(action="case.classify")
    assert entry.actor == f"user:{handler.user.pk}"
    assert entry.target_id == case.number
    for code in SEALED_CODES:
        assert not AuditEntry.objects.filter(target_id__contains=code.decode()).exists()

    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert _checked(page, "actor_types", "infiltrator")
    assert not _checked(page, "actor_types", "government")  # the team's answer now, not the form's
    assert _checked(page, "affected", "child")
    assert _checked(page, "affected", "written_about")


def test_classification_is_bound_to_its_case() -> None:
    key = new_report_keypair()
    value = Classification(actor_types=["government"], affected=["child"])
    sealed = seal_classification(value, bytes(key.public_key), "RD-AAAAAAAA")
    assert open_classification(sealed, key, "RD-AAAAAAAA") == value
    with pytest.raises(CryptoError):
        open_classification(sealed, key, "RD-BBBBBBBB")


def test_stale_classification_gets_409_and_changes_nothing(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    moved = hana.post(
        reverse("cases:status", args=[case.number]),
        {"status": "in_progress", "version": case.version},
    )
    assert moved.status_code == 302
    stale = _classify(hana, case.number, case.version)
    assert stale.status_code == 409
    assert "Someone changed this case in the meantime" in stale.content.decode()
    fresh = Case.objects.get()
    assert fresh.threat_types == ["doxxing"]
    assert bytes(fresh.classification) == b""
    assert fresh.version == case.version + 1
    assert not AuditEntry.objects.filter(action="case.classify").exists()


def test_unknown_code_is_refused_with_400(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    response = _classify(hana, case.number, case.version, affected=["martian"])
    assert response.status_code == 400
    assert "Choose only from the lists shown" in response.content.decode()
    fresh = Case.objects.get()
    assert bytes(fresh.classification) == b""
    assert fresh.version == case.version


def test_outsider_cannot_triage_a_case_granted_handler_can(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client)
    case = Case.objects.get()
    outsider = signed_in(staff_account(username="late"))  # created after the report: no grant
    hana = signed_in(handler)
    posts = (
        ("cases:classify", {"version": 0, "affected": ["child"]}),
        ("cases:vetting", {"outcome": "verified"}),
        ("cases:mandate", {"outcome": "in", "version": 0}),
    )
    for name, data in posts:
        assert outsider.post(reverse(name, args=[case.number]), data).status_code == 404
    assert not TriageStep.objects.exists()
    assert bytes(Case.objects.get().classification) == b""
    for name, data in posts[1:]:
        assert hana.post(reverse(name, args=[case.number]), data).status_code == 302
    assert TriageStep.objects.count() == 2


def test_vetting_and_mandate_in_are_recorded_with_a_sealed_note(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    vetted = hana.post(
        reverse("cases:vetting", args=[case.number]),
        {"outcome": "verified", "note": "Confirmed by a trusted admin on the project"},
    )
    assert vetted.status_code == 302
    mandate = hana.post(
        reverse("cases:mandate", args=[case.number]),
        {"outcome": "in", "version": case.version, "referral": "ignored when in"},
    )
    assert mandate.status_code == 302
    vetting, check = TriageStep.objects.order_by("id")
    assert (vetting.kind, vetting.outcome, vetting.author) == ("vetting", "verified", handler.user)
    assert (check.kind, check.outcome, bytes(check.body)) == ("mandate", "in", b"")
    assert b"trusted admin" not in bytes(vetting.body)
    assert AuditEntry.objects.filter(action="case.triage.vetting", target_id=case.number).exists()
    assert AuditEntry.objects.filter(action="case.triage.mandate", target_id=case.number).exists()
    fresh = Case.objects.get()
    assert fresh.status == "new"  # within the mandate: a record, not a transition
    assert not Message.objects.exists()
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "Confirmed by a trusted admin on the project" in page
    assert "Verified: the report checks out" in page
    assert "Within our mandate" in page


def test_bad_vetting_outcome_and_long_note_are_refused(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client)
    number = Case.objects.get().number
    hana = signed_in(handler)
    bad = hana.post(reverse("cases:vetting", args=[number]), {"outcome": "probably"})
    assert bad.status_code == 400
    long = hana.post(
        reverse("cases:vetting", args=[number]), {"outcome": "verified", "note": "n" * 2001}
    )
    assert long.status_code == 400
    assert "at most 2,000 characters" in long.content.decode()
    assert "n" * 2001 in long.content.decode()  # what was typed is kept
    assert not TriageStep.objects.exists()


@pytest.mark.parametrize(
    ("referral", "message"),
    [
        ("", "Out of mandate needs a referral"),
        ("   ", "Out of mandate needs a referral"),
        ("x" * 5001, "at most 5,000 characters"),
        ("Contact [[Name of the organisation]] soon.", "double brackets"),
    ],
)
def test_out_of_mandate_without_a_usable_referral_changes_nothing(
    client: Client, handler: StaffAccount, referral: str, message: str
) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    response = hana.post(
        reverse("cases:mandate", args=[case.number]),
        {"outcome": "out", "confirm": "yes", "version": case.version, "referral": referral},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    fresh = Case.objects.get()
    assert (fresh.status, fresh.version) == ("new", case.version)
    assert not TriageStep.objects.exists()
    assert not Message.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="case.triage").exists()


def test_out_of_mandate_sends_the_referral_and_moves_the_case(
    client: Client, handler: StaffAccount
) -> None:
    receipt = receipt_from(file_report(client).content.decode())
    case = Case.objects.get()
    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    # The referral starts from the shipped out-of-mandate text, with the case number filled in.
    assert "outside what we are able to do" in page
    assert f"about case {case.number}" in page

    response = hana.post(
        reverse("cases:mandate", args=[case.number]),
        {
            "outcome": "out",
            "confirm": "yes",
            "version": case.version,
            "referral": REFERRAL,
            "note": "Not a wiki",
        },
    )
    assert response.status_code == 302
    fresh = Case.objects.get()
    assert fresh.status == "out_of_mandate"
    assert fresh.version == case.version + 1
    step = TriageStep.objects.get()
    assert (step.kind, step.outcome, step.author) == ("mandate", "out", handler.user)
    message = Message.objects.get()
    assert (message.direction, message.author) == ("team", handler.user)
    for action in ("case.triage.mandate", "case.edit.status", "case.message"):
        assert AuditEntry.objects.filter(action=action, target_id=case.number).exists(), action

    reader = Client()
    assert reader.post(reverse("intake:inbox_login"), {"receipt": receipt}).status_code == 302
    inbox = reader.get(reverse("intake:inbox")).content.decode()
    assert "Example Legal Aid Network" in inbox
    assert "Not a wiki" not in inbox  # the internal note stays internal


def test_stale_out_of_mandate_changes_nothing(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    hana.post(
        reverse("cases:status", args=[case.number]),
        {"status": "acknowledged", "version": case.version},
    )
    response = hana.post(
        reverse("cases:mandate", args=[case.number]),
        {"outcome": "out", "confirm": "yes", "version": case.version, "referral": REFERRAL},
    )
    assert response.status_code == 409
    assert Case.objects.get().status == "acknowledged"
    assert not TriageStep.objects.exists()
    assert not Message.objects.exists()


def test_the_priority_is_proposed_again_from_the_classification(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client, threat_types=["defamation"])
    case = Case.objects.get()
    hana = signed_in(handler)
    before = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "From this classification" not in before  # nothing to propose from yet
    saved = hana.post(
        reverse("cases:classify", args=[case.number]),
        {"version": case.version, "threat_types": ["arrest"], "actor_types": ["government"]},
    )
    assert saved.status_code == 302
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "From this classification rightsdesk proposes P1." in page
    assert "That is not the current priority" in page
    assert Case.objects.get().priority == case.priority  # proposing changes nothing
