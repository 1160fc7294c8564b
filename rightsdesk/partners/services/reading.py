"""Opening a referral for its reader, audited: the packet, the shared files, the loop's updates,
and for the team and the volunteer the draft texts sealed to the case.

A read of content is a write to the audit log, so these live with the services. Nothing here
checks permissions: call after the gate (`access.access_referral` for a team member or a partner
user, `access.referral_of_case` for the volunteer's inbox) and with the key that reader holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.content import AttachmentMeta
from rightsdesk.cases.models import Case
from rightsdesk.core import files
from rightsdesk.partners import keys
from rightsdesk.partners.access import unlock_with_case_key
from rightsdesk.partners.matching import Match, propose
from rightsdesk.partners.models import Consent, Referral
from rightsdesk.partners.selectors import OpenedFile, OpenedReferral, OpenedUpdate
from rightsdesk.partners.services.common import audit


def _who(update_author: User | None, from_partner: bool, state: str, team: bool) -> str:
    """Who took a step, as this reader may see it: the team sees usernames; a partner sees its
    own people's names and "team" for the team's steps; nobody learns more than the role."""
    if update_author is not None and (team or from_partner):
        return update_author.username
    if from_partner:
        return "partner"
    if update_author is not None:
        return "team"
    return "volunteer" if state in ("withdrawn", "sent") else "system"


def referral_open(
    *,
    referral: Referral,
    actor: User | None,
    case_key: PrivateKey | None = None,
    referral_key: PrivateKey | None = None,
) -> OpenedReferral:
    """The referral as `actor` may read it (the volunteer when None), audited.

    A team member or the volunteer passes the case key (the draft texts open with it, and the
    packet through the case's wrap of the referral key); a partner user passes the referral key
    from `access.unlock_referral`. Before the packet exists there is no referral key: the
    packet, files and update texts are then empty.
    """
    if referral_key is None and case_key is not None and bytes(referral.public_key):
        referral_key = unlock_with_case_key(referral, case_key)
    uid = str(referral.uid)
    purpose = summary = ""
    if case_key is not None:
        purpose = keys.open_with_case(bytes(referral.purpose), case_key, uid=uid, field="purpose")
        summary = keys.open_with_case(bytes(referral.summary), case_key, uid=uid, field="summary")
    packet = {}
    shared: list[OpenedFile] = []
    updates: list[OpenedUpdate] = []
    team = actor is not None and actor.is_team
    for row in referral.updates.select_related("author"):
        body = (
            keys.open_update(bytes(row.body), referral_key, str(row.uid))
            if referral_key is not None
            else ""
        )
        updates.append(
            OpenedUpdate(
                uid=str(row.uid),
                at=row.at,
                who=_who(row.author, row.from_partner, row.state, team),
                from_partner=row.from_partner,
                state=row.state,
                body=body,
            )
        )
    if referral_key is not None:
        packet = keys.open_packet(bytes(referral.packet), referral_key, uid)
        for item in referral.files.all():
            meta = json.loads(
                keys.open_file_part(bytes(item.meta), referral_key, uid=str(item.uid), field="meta")
            )
            shared.append(
                OpenedFile(
                    uid=str(item.uid),
                    name=str(meta["name"]),
                    mime=str(meta["mime"]),
                    size=int(meta["size"]),
                )
            )
    audit(referral, "read", actor)
    return OpenedReferral(
        referral=referral,
        packet=packet,
        files=shared,
        updates=updates,
        purpose=purpose,
        summary=summary,
    )


def referral_file_open(
    *, referral: Referral, referral_key: PrivateKey, file_uid: object, actor: User | None
) -> tuple[AttachmentMeta, Iterator[bytes]]:
    """One shared file of `referral`: its metadata and a verified plaintext stream; audited.
    Http404 for a file that is not part of this referral's packet (or no longer is)."""
    item = referral.files.select_related("attachment").filter(uid=_file_uid(file_uid)).first()
    if item is None:
        raise Http404
    uid = str(item.uid)
    meta = AttachmentMeta(
        **json.loads(keys.open_file_part(bytes(item.meta), referral_key, uid=uid, field="meta"))
    )
    file_key = keys.open_file_part(bytes(item.sealed_key), referral_key, uid=uid, field="key")
    audit(referral, "file.read", actor)
    return meta, files.stream_stored(str(item.attachment.uid), file_key)


def _file_uid(value: object) -> str:
    text = str(value)
    if len(text) != 36:
        raise Http404
    return text


@dataclass(frozen=True)
class LedgerRow:
    decision: str
    pieces: list[str]
    until: object
    text_version: str
    language: str
    channel: str
    recorded_by: str
    approved_by: str
    on: object


def referral_ledger(referral: Referral) -> list[LedgerRow]:
    """The consent ledger of `referral` (clear metadata: which pieces, how, when, who recorded
    it), for the team. Call after the referral's gate."""
    rows = Consent.objects.filter(referral=referral).select_related("recorded_by", "approved_by")
    return [
        LedgerRow(
            decision=row.decision,
            pieces=list(row.pieces),
            until=row.until,
            text_version=row.text_version,
            language=row.language,
            channel=row.channel,
            recorded_by=row.recorded_by.username if row.recorded_by else "",
            approved_by=row.approved_by.username if row.approved_by else "",
            on=row.on,
        )
        for row in rows
    ]


def referral_proposals(
    *, case: Case, case_key: PrivateKey, service: str, actor: User, today: date
) -> Match:
    """The partners for `service` for this case, ranked with reasons (matching.propose), for the
    volunteer's language (read from the sealed report: the read is audited) and the case's
    country and priority. Call after the case's gate, with the key it unlocked."""
    report = sealed.open_report(bytes(case.content), case_key, case.number)
    match = propose(
        service=service,
        language=report.language,
        country=case.country,
        priority=case.priority,
        today=today,
    )
    audit_record(
        actor=actor_label(actor),
        action="case.referral.proposals",
        target_type="case",
        target_id=case.number,
    )
    return match
