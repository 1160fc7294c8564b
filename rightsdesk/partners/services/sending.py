"""Sending a referral: the packet of the consented pieces, opened with the case key and sealed to
a fresh referral key wrapped to the case and to the partner's users
(rightsdesk.partners.keys). Called by the consent services (`services.referrals`) once consent,
or an approved override, is recorded; nothing else of the case is read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from nacl.public import PrivateKey

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.cases import content as sealed
from rightsdesk.cases.models import Case
from rightsdesk.partners import keys
from rightsdesk.partners.models import Referral, ReferralFile, ReferralWrap
from rightsdesk.partners.remote.services import remote_send
from rightsdesk.partners.services.common import (
    ReferralRefused,
    audit,
    eligibility_problem,
    record_move,
)
from rightsdesk.partners.vocabulary import Piece, State


def _packet(
    referral: Referral, case: Case, case_key: PrivateKey, pieces: Sequence[str]
) -> dict[str, Any]:
    """The consented pieces, opened with the case key: nothing else of the case is read."""
    report = sealed.open_report(bytes(case.content), case_key, case.number)
    uid = str(referral.uid)
    packet: dict[str, Any] = {"case": case.number, "pieces": list(pieces)}
    packet["purpose"] = keys.open_with_case(
        bytes(referral.purpose), case_key, uid=uid, field="purpose"
    )
    if Piece.NARRATIVE in pieces:
        packet["narrative"] = report.narrative
    if Piece.CONTACT in pieces:
        packet["contact"] = report.contact
    if Piece.COUNTRY in pieces:
        packet["country"] = case.country
    if Piece.THREAT_TYPES in pieces:
        packet["threat_types"] = list(case.threat_types)
    if Piece.SUMMARY in pieces:
        packet["summary"] = keys.open_with_case(
            bytes(referral.summary), case_key, uid=uid, field="summary"
        )
    chosen = {p.split(":", 1)[1] for p in pieces if p.startswith("message:")}
    packet["messages"] = [
        {
            "from": message.direction,
            "on": message.created_on.isoformat(),
            "body": sealed.open_message(bytes(message.body), case_key, str(message.uid)),
        }
        for message in case.messages.filter(uid__in=chosen).order_by("seq")
    ]
    packet["language"] = report.language
    return packet


def _share_files(
    referral: Referral, case: Case, case_key: PrivateKey, pieces: Sequence[str]
) -> None:
    chosen = {p.split(":", 1)[1] for p in pieces if p.startswith("file:")}
    for attachment in case.attachments.filter(uid__in=chosen):
        uid = str(attachment.uid)
        file_key = sealed.open_attachment_key(bytes(attachment.sealed_key), case_key, uid)
        meta = sealed.open_attachment_meta(bytes(attachment.meta), case_key, uid)
        row = ReferralFile(referral=referral, attachment=attachment)
        public = bytes(referral.public_key)
        row.sealed_key = keys.seal_file_part(file_key, public, uid=str(row.uid), field="key")
        row.meta = keys.seal_file_part(
            json.dumps(asdict(meta), ensure_ascii=False).encode(),
            public,
            uid=str(row.uid),
            field="meta",
        )
        row.save()


def send_packet(
    referral: Referral,
    case_key: PrivateKey,
    pieces: Sequence[str],
    *,
    now: datetime,
    actor: User | None,
) -> None:
    """Build and seal the packet of the consented `pieces`, wrap its key to the case and to the
    partner's users (or mail it by OpenPGP to a partner without users), start the partner's
    clock. Call inside the caller's transaction, with `referral` locked and its consent (or
    approved override) recorded; `case_key` is the opened case key."""
    case = referral.case
    problem = eligibility_problem(referral.partner, referral.service, now.date())
    if problem:
        raise ReferralRefused(problem)
    referral_key = keys.new_referral_key()
    referral.public_key = referral_key.public_key.encode()
    referral.consented = list(pieces)
    packet = _packet(referral, case, case_key, pieces)
    referral.packet = keys.seal_packet(packet, bytes(referral.public_key), str(referral.uid))
    referral.sent_at = now
    referral.due_at = now + timedelta(hours=referral.partner.response_hours)
    referral.escalated = False
    record_move(referral, State.SENT, at=now, author=actor)
    _share_files(referral, case, case_key, pieces)
    ReferralWrap.objects.create(
        referral=referral,
        kind=ReferralWrap.Kind.CASE,
        wrap=keys.wrap_referral_key(referral_key, bytes(case.public_key)),
    )
    members = list(
        Keyring.objects.filter(
            user__partner_membership__partner=referral.partner, user__is_active=True
        ).select_related("user")
    )
    for keyring in members:
        ReferralWrap.objects.create(
            referral=referral,
            kind=ReferralWrap.Kind.MEMBER,
            user=keyring.user,
            wrap=keys.wrap_referral_key(referral_key, bytes(keyring.public_key)),
        )
    audit(referral, "sent", actor)
    if not members:
        # Nobody signs in for this organisation: the packet goes as an OpenPGP message to its
        # published key, mailed after the commit (rightsdesk.partners.remote.services).
        remote_send(referral=referral, case_key=case_key, packet=packet, pieces=pieces, actor=actor)
