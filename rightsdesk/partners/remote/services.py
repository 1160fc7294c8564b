"""Referrals to partners without accounts: the packet as an OpenPGP message, mailed after commit.

When a referral is sent (`services.sending.send_packet`) to an organisation with no active user
holding a key, `remote_send` runs inside the same transaction, where the case key is at hand:

1. a one-time code (20 digits, like a receipt) is drawn; only its keyed digest is stored;
2. the packet (exactly the consented pieces, as sealed for accounts), a readable version of it, the
   code and the report-back address, and the consented files go into one zip, in memory;
3. the zip is encrypted with GnuPG to the key in the directory row, after checking it is the key
   whose fingerprint the team stored (`openpgp.encrypt_to`); plaintext never touches the disk;
4. the armored message is stored sealed under a server sub-key (a database copy holds not even the
   partner's ciphertext), and mailed by a task after the commit (`send_remote_referral`), so a
   slow mail server holds no lock and a rollback mails nothing.

The code is inside the encrypted message, never in the mail's clear text: whoever reads the mail
on its way learns that a referral was sent, not how to report on it. Each code works once; the
report-back page gives the next one (`services.loop.remote_report`). Withdrawal, cancellation,
expiry and a decline delete the stored message and spend the code, and the partner is told by
mail to delete what it received (`send_remote_notice`).
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases import content as sealed
from rightsdesk.cases.models import Case
from rightsdesk.cases.oncall.pages import page_mailer
from rightsdesk.core import admission, files
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import InvalidReceipt, bind, new_receipt, parse_receipt, secretbox
from rightsdesk.partners import keys
from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.remote.openpgp import encrypt_to
from rightsdesk.partners.services.common import ReferralRefused, audit
from rightsdesk.partners.vocabulary import Piece, Service, State

log = logging.getLogger(__name__)

_SEAL_PURPOSE = b"remote-referral"


def remote_problem(partner: Partner) -> str:
    """Why a referral cannot go to `partner` by OpenPGP ("" when it can). Asked only of an
    organisation none of whose users holds a key."""
    if partner.openpgp_key and partner.openpgp_fingerprint and partner.email:
        return ""
    return _(
        "%(name)s has no user accounts, and no OpenPGP key and e-mail address to send the "
        "referral to. Add them in the directory first."
    ) % {"name": partner.name}


def code_canonical(code: str) -> str:
    """The 20 ASCII digits of a code as typed in any script (spaces, dashes ignored); "" if it
    is not one."""
    try:
        return parse_receipt(code)
    except InvalidReceipt:
        return ""


def new_code() -> tuple[str, str]:
    """A fresh one-time code, as shown (grouped) and its stored digest."""
    code = new_receipt()
    return code, keys.code_digest(code_canonical(code))


def slow_down_failures() -> None:
    """A wrong or spent code: past the site-wide budget, answers wait (no client is identified).
    Call outside any transaction."""
    budget = admission.bucket(
        "referral-code-failures", per_hour=settings.RIGHTSDESK_REFERRAL_CODE_FAILURES_PER_HOUR
    )
    if not budget.take():
        time.sleep(settings.RIGHTSDESK_REFERRAL_CODE_FAILURE_DELAY_SECONDS)


def report_url() -> str:
    """Where a partner reports back: the configured public address, else the path alone."""
    path = reverse("partners:remote_report")
    base = str(settings.RIGHTSDESK_PUBLIC_URL).rstrip("/")
    return f"{base}{path}" if base else path


def _aad(referral: Referral) -> bytes:
    return bind(table=keys.REFERRAL_TABLE, row=str(referral.uid), field="remote_message")


def _seal(referral: Referral, armored: str) -> bytes:
    return secretbox.encrypt(armored.encode(), server_subkey(_SEAL_PURPOSE), _aad(referral))


def _open(referral: Referral) -> str:
    raw = secretbox.decrypt(
        bytes(referral.remote_message), server_subkey(_SEAL_PURPOSE), _aad(referral)
    )
    return raw.decode()


def message_name(referral: Referral) -> str:
    return f"referral-{str(referral.uid)[:8]}.asc"


def _safe_name(index: int, name: str) -> str:
    """A file's name inside the zip: no directories, no control characters, numbered."""
    base = re.sub(r"[\x00-\x1f\x7f/\\:]+", "_", name).strip(". ") or "file"
    return f"files/{index:02d}-{base[:120]}"


def _readable(referral: Referral, packet: dict[str, Any], code: str) -> str:
    """The packet as text for a person, in the mail's language (the JSON beside it is exact)."""
    lines = [
        _("Referral %(id)s to %(partner)s") % {"id": referral.uid, "partner": referral.partner},
        _("Service: %(service)s") % {"service": Service(referral.service).label},
        _("Consent valid until: %(day)s") % {"day": referral.until.isoformat()},
        "",
        _("Purpose: %(text)s") % {"text": packet.get("purpose", "")},
    ]
    labels = dict(Piece.choices)
    for name in ("narrative", "contact", "country", "summary"):
        if name in packet:
            lines += ["", f"{labels[name]}:", str(packet[name])]
    if "threat_types" in packet:
        lines += ["", f"{labels['threat_types']}: {', '.join(packet['threat_types'])}"]
    for message in packet.get("messages", []):
        lines += ["", _("Message of %(day)s:") % {"day": message["on"]}, message["body"]]
    lines += [
        "",
        _("Report back at %(url)s with this one-time code: %(code)s")
        % {
            "url": report_url(),
            "code": code,
        },
        _("Each code works once: the page gives you the next one."),
    ]
    return "\n".join(lines) + "\n"


def _bundle(
    referral: Referral, packet: dict[str, Any], shared: list[tuple[str, bytes]], code: str
) -> bytes:
    """One zip, in memory: referral.txt, packet.json (exactly the packet) and the files."""
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)  # no clock in the archive: the mail is dated anyway
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [
            ("referral.txt", _readable(referral, packet, code).encode()),
            ("packet.json", json.dumps(packet, ensure_ascii=False, indent=2).encode()),
            *[(_safe_name(i, name), data) for i, (name, data) in enumerate(shared, start=1)],
        ]
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
    return buffer.getvalue()


def _shared_files(
    case: Case, case_key: PrivateKey, pieces: Sequence[str]
) -> list[tuple[str, bytes]]:
    """The consented files' names and plaintext, in memory (refused past the mail's limit)."""
    chosen = {p.split(":", 1)[1] for p in pieces if p.startswith("file:")}
    rows = list(case.attachments.filter(uid__in=chosen).order_by("id"))
    metas = [sealed.open_attachment_meta(bytes(r.meta), case_key, str(r.uid)) for r in rows]
    if sum(meta.size for meta in metas) > settings.RIGHTSDESK_REMOTE_REFERRAL_MAX_BYTES:
        raise ReferralRefused(
            _(
                "The chosen files are too large to send by e-mail to an organisation without "
                "accounts (at most %(mb)d MB). Share fewer files, or send them another way."
            )
            % {"mb": settings.RIGHTSDESK_REMOTE_REFERRAL_MAX_BYTES // 1_000_000}
        )
    shared = []
    for row, meta in zip(rows, metas, strict=True):
        file_key = sealed.open_attachment_key(bytes(row.sealed_key), case_key, str(row.uid))
        shared.append((meta.name, b"".join(files.stream_stored(str(row.uid), file_key))))
    return shared


def remote_send(
    *,
    referral: Referral,
    case_key: PrivateKey,
    packet: dict[str, Any],
    pieces: Sequence[str],
    actor: User | None,
) -> None:
    """Encrypt the packet and files to the partner's key and queue the mail. Call inside
    `send_packet`'s transaction with the referral locked; saves it. Refused (nothing written)
    when the partner cannot be reached this way, its key does not match the stored fingerprint,
    or the files are too large."""
    partner = referral.partner
    problem = remote_problem(partner)
    if problem:
        raise ReferralRefused(problem)
    code, digest = new_code()
    shared = _shared_files(referral.case, case_key, pieces)
    with translation.override(mail_language(partner)):
        bundle = _bundle(referral, packet, shared, code)
    armored = encrypt_to(partner.openpgp_key, partner.openpgp_fingerprint, bundle)
    referral.remote = True
    referral.remote_code_digest = digest
    referral.remote_message = _seal(referral, armored)
    referral.remote_fingerprint = partner.openpgp_fingerprint
    referral.save()
    audit(referral, "remote.encrypted", actor)
    transaction.on_commit(
        lambda: send_remote_referral.enqueue(referral_pk=referral.pk), robust=True
    )


def mail_language(partner: Partner) -> str:
    """The first of the partner's languages the site speaks, else the site's."""
    spoken = {code for code, _name in settings.LANGUAGES}
    return next((code for code in partner.languages if code in spoken), settings.LANGUAGE_CODE)


def deliver_remote(referral_pk: int) -> bool:
    """Mail the stored OpenPGP message to the partner; False (logged, no content) when there is
    nothing to send any more or the mail server refused it."""
    referral = Referral.objects.select_related("partner", "case").filter(pk=referral_pk).first()
    if referral is None or not bytes(referral.remote_message) or not referral.partner.email:
        return False
    if referral.state not in (State.SENT, State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS):
        return False
    partner = referral.partner
    with translation.override(mail_language(partner)):
        subject = _("A referral for %(partner)s (encrypted)") % {"partner": partner.name}
        body = "\n\n".join(
            [
                _("The team refers someone to your organisation for: %(service)s.")
                % {"service": Service(referral.service).label},
                _(
                    "What the person agreed to share is in the attached file, encrypted to your "
                    "organisation's OpenPGP key %(fingerprint)s."
                )
                % {"fingerprint": referral.remote_fingerprint},
                _(
                    "To read it: gpg --decrypt %(name)s > referral.zip, then open the zip: "
                    "referral.txt explains it, packet.json holds the same for software, and files/ "
                    "holds the shared files."
                )
                % {"name": message_name(referral)},
                _(
                    "Tell us when you receive it, accept or decline it, and how it ended, at "
                    "%(url)s. The code to use is inside the encrypted file."
                )
                % {"url": report_url()},
                _(
                    "Keep what you decrypted only as long as this referral needs it, and no later "
                    "than %(day)s."
                )
                % {"day": referral.until.isoformat()},
            ]
        )
    message = EmailMessage(subject, body, None, [partner.email])
    message.attach(message_name(referral), _open(referral), "application/pgp-encrypted")
    try:
        sent = page_mailer().send_messages([message])
    except (SMTPException, OSError):
        log.error("OpenPGP referral %s: the mail server refused it", referral.uid)
        return False
    if sent:
        audit(referral, "remote.mailed", None, system="mail")
    return bool(sent)


@task
def send_remote_referral(referral_pk: int) -> bool:
    """The mail of one OpenPGP referral, sent by the worker after the sending transaction."""
    return deliver_remote(referral_pk)


_ENDED = {
    State.WITHDRAWN: "withdrawn",
    State.CANCELLED: "cancelled",
    State.EXPIRED: "expired",
}


def deliver_remote_notice(referral_pk: int) -> bool:
    """Tell a partner without accounts that a referral it received has ended early, and to
    delete what it decrypted. No content: the referral's short id only."""
    referral = Referral.objects.select_related("partner").filter(pk=referral_pk).first()
    if referral is None or not referral.remote or referral.state not in _ENDED:
        return False
    partner = referral.partner
    if not partner.email:
        return False
    with translation.override(mail_language(partner)):
        subject = _("Referral %(id)s has ended") % {"id": str(referral.uid)[:8]}
        body = _(
            "Referral %(id)s, sent to you encrypted, has ended: %(state)s. Please delete the "
            "message and everything you decrypted from it, and do not contact the person about "
            "it. Its code no longer works."
        ) % {"id": str(referral.uid)[:8], "state": referral.get_state_display()}
    try:
        sent = page_mailer().send_messages([EmailMessage(subject, body, None, [partner.email])])
    except (SMTPException, OSError):
        log.error("OpenPGP referral %s: the end notice was refused", referral.uid)
        return False
    return bool(sent)


@task
def send_remote_notice(referral_pk: int) -> bool:
    return deliver_remote_notice(referral_pk)


@dataclass(frozen=True)
class RemoteMessage:
    name: str
    fingerprint: str
    armored: str
    sent_at: datetime | None


def remote_message_open(*, referral: Referral, actor: User) -> RemoteMessage:
    """The OpenPGP message as it was mailed, for a handler to deliver another way (audited).
    Call after `access_referral`. Refused when there is none (not sent by OpenPGP, or the
    partner's access was taken away since)."""
    if not actor.is_team:
        raise ReferralRefused(_("Only the team can do this."))
    if not referral.remote or not bytes(referral.remote_message):
        raise ReferralRefused(
            _(
                "There is no OpenPGP message for this referral: it did not go by OpenPGP, or the "
                "partner's access has been taken away."
            )
        )
    armored = _open(referral)
    audit(referral, "remote.download", actor)
    return RemoteMessage(
        name=message_name(referral),
        fingerprint=referral.remote_fingerprint,
        armored=armored,
        sent_at=referral.sent_at,
    )
