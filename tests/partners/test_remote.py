"""Referrals to partners without accounts: the packet as an OpenPGP message to the key in the
directory (checked against its stored fingerprint), mailed after commit, and the one-time codes
of the public report-back page. A real key pair is made with gpg in a temporary home for the
test; nothing reaches the network."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Attachment, Case
from rightsdesk.core import admission
from rightsdesk.intake.inbox import Inbox, inbox_login
from rightsdesk.partners.models import Consent, Partner, Referral
from rightsdesk.partners.remote import openpgp
from rightsdesk.partners.remote import services as remote
from rightsdesk.partners.services.common import ReferralRefused
from rightsdesk.partners.services.directory import partner_save
from rightsdesk.partners.services.loop import consent_withdraw
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.partners.vocabulary import State
from tests.factories import partner_listed, staff_account, without_tokens
from tests.openpgp import KeyPair, key_pair

pytestmark = pytest.mark.django_db
REPORT_BACK = "/partners/report/"
CODE = re.compile(r"\b\d{4} \d{4} \d{4} \d{4} \d{4}\b")


@pytest.fixture(scope="module")
def partner_key() -> Iterator[KeyPair]:
    with key_pair() as made:
        yield made


@pytest.fixture
def gpg_homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the service's temporary GnuPG homes go during the test (to see they are removed)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _file_case(client: Client) -> tuple[Case, Inbox]:
    """A case with two files and a follow-up message, filed over HTTP as a volunteer would."""
    files = [
        SimpleUploadedFile("evidence.txt", b"SHARED-FILE the threat letter", "text/plain"),
        SimpleUploadedFile("private.txt", b"UNSHARED-FILE my diary", "text/plain"),
    ]
    response = client.post(
        "/api/v1/reports",
        {
            "narrative": "SHARED-NARRATIVE they posted my address",
            "contact": "UNSHARED-CONTACT signal +000",
            "country": "IR",
            "attachments": files,
        },
    )
    assert response.status_code == 201, response.content
    inbox = inbox_login(response.json()["receipt"])
    return inbox.case, inbox


def _draft(case: Case, partner: Partner, pieces: list[str]) -> Referral:
    return referral_draft(
        case=case,
        actor=staff_account().user,
        partner=partner,
        service="legal",
        pieces=pieces,
        purpose="Legal advice on the threat letter",
        summary="",
        until=timezone.now().date() + timedelta(days=30),
        now=timezone.now(),
    )


def _remote_partner(key: KeyPair) -> Partner:
    return partner_listed(email="intake@partner.example", openpgp_key=key.public)


def _sent(
    client: Client, key: KeyPair, capture: Any, pieces: tuple[str, ...] = ("narrative", "file")
) -> tuple[Referral, Inbox, Case]:
    """A referral of a two-file case to a partner without accounts, agreed to `pieces` ("file"
    is the first file), sent and mailed."""
    case, inbox = _file_case(client)
    first, second = Attachment.objects.filter(case=case).order_by("id")
    proposed = ["narrative", "contact", "country", f"file:{first.uid}", f"file:{second.uid}"]
    referral = _draft(case, _remote_partner(key), proposed)
    agreed = [f"file:{first.uid}" if p == "file" else p for p in pieces]
    with capture(execute=True):
        consent_give(
            referral=referral, case_key=inbox.key, pieces=agreed, language="en", now=timezone.now()
        )
    referral.refresh_from_db()
    return referral, inbox, case


def _armored(message: Any) -> str:
    (name, content, mimetype), *rest = message.attachments
    assert not rest
    assert name.endswith(".asc")
    assert mimetype == "application/pgp-encrypted"
    return str(content)


def test_fingerprint_of_takes_one_usable_public_key_and_refuses_the_rest(
    partner_key: KeyPair,
) -> None:
    assert openpgp.fingerprint_of(partner_key.public) == partner_key.fingerprint
    assert openpgp.fingerprint_of("\n" + partner_key.public + "\n") == partner_key.fingerprint
    with key_pair("other@partner.example") as other:
        two = partner_key.public + "\n" + other.public
        private = other.gpg.export_keys(other.fingerprint, secret=True, expect_passphrase=False)
    bad = [
        "",
        "not a key",
        two,
        private,
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----",
        "x" * (openpgp.KEY_MAX + 1),
    ]
    for text in bad:
        with pytest.raises(openpgp.KeyRefused) as refused:
            openpgp.fingerprint_of(text)
        assert refused.value.message
        assert "PRIVATE" not in refused.value.message  # a key is never echoed back


def test_the_directory_stores_the_keys_own_fingerprint_and_refuses_a_mismatch(
    partner_key: KeyPair,
) -> None:
    partner = partner_listed(openpgp_key=partner_key.public)
    assert partner.openpgp_fingerprint == partner_key.fingerprint
    with pytest.raises(openpgp.KeyRefused):
        partner_save(
            actor=None,
            partner=partner,
            values={"openpgp_key": partner_key.public, "openpgp_fingerprint": "A" * 40},
        )
    with pytest.raises(openpgp.KeyRefused):
        partner_save(actor=None, partner=partner, values={"openpgp_key": "not a key"})
    # A fingerprint alone is never stored: it always comes from the key saved with it.
    partner_save(actor=None, partner=partner, values={"openpgp_fingerprint": "B" * 40})
    partner.refresh_from_db()
    assert partner.openpgp_fingerprint == partner_key.fingerprint
    spaced = " ".join(partner_key.fingerprint[i : i + 4] for i in range(0, 40, 4)).lower()
    partner_save(
        actor=None,
        partner=partner,
        values={"openpgp_key": partner_key.public, "openpgp_fingerprint": spaced},
    )
    partner_save(actor=None, partner=partner, values={"openpgp_key": ""})
    partner.refresh_from_db()
    assert (partner.openpgp_key, partner.openpgp_fingerprint) == ("", "")


def test_the_mail_decrypts_to_exactly_the_consented_pieces(
    client: Client,
    partner_key: KeyPair,
    gpg_homes: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    referral, _inbox, case = _sent(client, partner_key, django_capture_on_commit_callbacks)
    assert referral.state == State.SENT
    assert referral.remote
    assert referral.remote_fingerprint == partner_key.fingerprint
    (sent,) = mail.outbox
    assert sent.to == ["intake@partner.example"]
    clear = f"{sent.subject}\n{sent.body}"
    for secret in ("SHARED", "UNSHARED", "threat letter", "IR"):
        assert secret not in clear
    assert not CODE.search(clear)  # the code travels only inside the encrypted message
    assert partner_key.fingerprint in sent.body
    assert REPORT_BACK in sent.body

    armored = _armored(sent)
    assert armored.startswith("-----BEGIN PGP MESSAGE-----")
    bundle = partner_key.open_bundle(armored)
    first = Attachment.objects.filter(case=case).order_by("id").first()
    assert first is not None
    assert sorted(bundle) == ["files/01-evidence.txt", "packet.json", "referral.txt"]
    assert bundle["files/01-evidence.txt"] == b"SHARED-FILE the threat letter"
    packet = partner_key.packet(armored)
    assert packet["pieces"] == ["narrative", f"file:{first.uid}"]
    assert set(packet) == {"case", "pieces", "purpose", "narrative", "messages", "language"}
    assert packet["narrative"] == "SHARED-NARRATIVE they posted my address"
    everything = b"".join(bundle.values())
    for leaked in (b"UNSHARED", b"IR"):
        assert leaked not in everything
    readable = bundle["referral.txt"].decode()
    assert CODE.search(readable)
    assert "SHARED-NARRATIVE" in readable

    # Stored sealed, never as the armored text; the code only as its digest.
    stored = bytes(referral.remote_message)
    assert stored
    assert b"BEGIN PGP" not in stored
    assert armored.encode() not in stored
    code = CODE.search(readable)
    assert code is not None
    assert code.group(0).replace(" ", "") not in referral.remote_code_digest
    assert list(gpg_homes.iterdir()) == []  # every temporary GnuPG home is gone
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"case.referral.remote.encrypted", "case.referral.remote.mailed"} <= actions


def test_a_key_that_does_not_match_its_stored_fingerprint_is_refused(
    client: Client, partner_key: KeyPair, django_capture_on_commit_callbacks: Any
) -> None:
    case, inbox = _file_case(client)
    partner = _remote_partner(partner_key)
    referral = _draft(case, partner, ["narrative"])
    with key_pair("swapped@partner.example") as swapped:
        # Someone changed the key behind the directory's back: the stored fingerprint stands.
        Partner.objects.filter(pk=partner.pk).update(openpgp_key=swapped.public)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(openpgp.KeyRefused):
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=["narrative"],
            language="en",
            now=timezone.now(),
        )
    referral.refresh_from_db()
    assert referral.state == State.AWAITING_CONSENT
    assert not referral.remote
    assert not bytes(referral.packet)
    assert not bytes(referral.remote_message)
    assert not Consent.objects.filter(referral=referral).exists()
    assert mail.outbox == []


def test_a_partner_without_accounts_nor_key_cannot_receive(client: Client) -> None:
    case, inbox = _file_case(client)
    referral = _draft(case, partner_listed(email="x@partner.example"), ["narrative"])
    with pytest.raises(ReferralRefused):
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=["narrative"],
            language="en",
            now=timezone.now(),
        )
    assert Referral.objects.get(pk=referral.pk).state == State.AWAITING_CONSENT


def test_files_too_large_for_mail_are_refused(
    client: Client, partner_key: KeyPair, settings: Any
) -> None:
    settings.RIGHTSDESK_REMOTE_REFERRAL_MAX_BYTES = 10
    case, inbox = _file_case(client)
    first = Attachment.objects.filter(case=case).order_by("id").first()
    assert first is not None
    referral = _draft(case, _remote_partner(partner_key), [f"file:{first.uid}"])
    with pytest.raises(ReferralRefused, match="too large"):
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=[f"file:{first.uid}"],
            language="en",
            now=timezone.now(),
        )
    assert Referral.objects.get(pk=referral.pk).state == State.AWAITING_CONSENT


def _report(client: Client, code: str, state: str, **extra: str) -> Any:
    return client.post(REPORT_BACK, {"code": code, "state": state, **extra})


def _code(text: str) -> str:
    found = CODE.search(text)
    assert found is not None
    return found.group(0)


def test_each_code_works_once_and_the_page_gives_the_next(
    client: Client, partner_key: KeyPair, django_capture_on_commit_callbacks: Any
) -> None:
    referral, _inbox, _case = _sent(client, partner_key, django_capture_on_commit_callbacks)
    first = _code(partner_key.open_bundle(_armored(mail.outbox[0]))["referral.txt"].decode())

    page = client.get(REPORT_BACK)
    assert page.status_code == 200
    assert b"<script" not in page.content

    received = _report(client, first, "received", note="PARTNER-NOTE we have it")
    assert received.status_code == 200, received.content
    second = _code(received.content.decode())
    assert second != first
    assert Referral.objects.get(pk=referral.pk).state == State.RECEIVED

    spent = _report(client, first, "accepted")
    wrong = _report(client, "1234 5678 9012 3456 7890", "accepted")
    assert spent.status_code == wrong.status_code == 400
    assert without_tokens(spent.content).replace(first.encode(), b"CODE") == without_tokens(
        wrong.content
    ).replace(b"1234 5678 9012 3456 7890", b"CODE")
    assert b"not valid, or was already used" in spent.content
    assert Referral.objects.get(pk=referral.pk).state == State.RECEIVED

    # A step the referral cannot take leaves the code as it was.
    again = _report(client, second, "received")
    assert again.status_code == 400
    accepted = _report(client, second, "accepted")
    assert accepted.status_code == 200
    third = _code(accepted.content.decode())
    missing = _report(client, third, "completed")  # an outcome is needed
    assert missing.status_code == 400
    done = _report(client, third, "completed", outcome="resolved", note="done")
    assert done.status_code == 200
    assert not CODE.search(done.content.decode())  # closed: no next code
    assert _report(client, third, "failed", outcome="not_met").status_code == 400
    referral.refresh_from_db()
    assert referral.state == State.COMPLETED
    assert referral.outcome == "resolved"
    assert referral.remote_code_digest == ""
    steps = list(referral.updates.filter(from_partner=True).values_list("state", flat=True))
    assert steps == ["received", "accepted", "completed"]
    assert AuditEntry.objects.filter(actor="system:partner-code").count() == 3


def test_wrong_codes_spend_a_site_wide_budget(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.RIGHTSDESK_REFERRAL_CODE_FAILURES_PER_HOUR = 10  # a burst of one
    admission.reset()
    waits: list[float] = []
    monkeypatch.setattr("rightsdesk.partners.remote.services.time.sleep", waits.append)
    for _ in range(3):
        assert _report(client, "1111 2222 3333 4444 5555", "received").status_code == 400
    assert waits == [settings.RIGHTSDESK_REFERRAL_CODE_FAILURE_DELAY_SECONDS] * 2
    admission.reset()


def test_withdrawal_deletes_the_message_spends_the_code_and_tells_the_partner(
    client: Client, partner_key: KeyPair, django_capture_on_commit_callbacks: Any
) -> None:
    referral, _inbox, _case = _sent(client, partner_key, django_capture_on_commit_callbacks)
    code = _code(partner_key.open_bundle(_armored(mail.outbox[0]))["referral.txt"].decode())
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(referral=referral, language="en", now=timezone.now())
    referral.refresh_from_db()
    assert referral.state == State.WITHDRAWN
    assert bytes(referral.remote_message) == b""
    assert referral.remote_code_digest == ""
    notice = mail.outbox[-1]
    assert notice.to == ["intake@partner.example"]
    assert "delete" in notice.body
    assert "SHARED" not in notice.body
    assert _report(client, code, "accepted").status_code == 400
    with pytest.raises(ReferralRefused):
        remote.remote_message_open(referral=referral, actor=staff_account().user)


@given(st.text(max_size=300))
def test_a_shared_files_name_in_the_zip_stays_in_files(name: str) -> None:
    """Whatever a volunteer's file was called, its entry is one plain name under files/: no
    directory, no way out of the folder it is unpacked in, no control characters."""
    entry = remote._safe_name(3, name)
    assert entry.startswith("files/03-")
    rest = entry.removeprefix("files/")
    assert "/" not in rest
    assert "\\" not in rest
    assert not any(ord(c) < 32 or ord(c) == 127 for c in rest)
    assert len(rest) <= 3 + 120


@given(st.lists(st.sampled_from(" -\u200f\u00a0"), max_size=8), st.integers(0, 10**20 - 1))
def test_a_code_reads_the_same_however_it_is_typed(separators: list[str], value: int) -> None:
    digits = f"{value:020d}"
    typed = "".join(
        d + (separators[i] if i < len(separators) else "") for i, d in enumerate(digits)
    )
    arabic = typed.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert remote.code_canonical(typed) == remote.code_canonical(arabic) == digits
    assert remote.code_canonical(digits[:-1]) == ""
    assert remote.code_canonical(digits + "x") == ""
