"""The team's read of one referral, audited (the moves themselves are the core's services:
rightsdesk.partners.services.referrals and .loop).

A read is a service here for the same reason `cases.services.case_open` is: opening sealed text
writes an audit line in the same step, so no page can show a packet without the log saying who
looked. The line is filed under the case ("<number>:referral:<uid>") as "referral.read", which
the case's timeline does not show (reads would flood it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.partners import keys
from rightsdesk.partners.casework.selectors import files_opened, ledger, updates_opened
from rightsdesk.partners.models import Consent, Referral
from rightsdesk.partners.selectors import OpenedFile, OpenedUpdate


@dataclass(frozen=True)
class TeamReferral:
    """A referral as a reader of its case sees it: the draft's texts (sealed to the case), the
    packet as sent and its files (sealed to the referral key), the ledger and the loop."""

    referral: Referral
    purpose: str
    summary: str
    override_reason: str
    packet: dict[str, Any] = field(default_factory=dict)
    files: list[OpenedFile] = field(default_factory=list)
    updates: list[OpenedUpdate] = field(default_factory=list)
    ledger: list[Consent] = field(default_factory=list)


def referral_read(
    *, referral: Referral, case_key: PrivateKey, referral_key: PrivateKey | None, actor: User
) -> TeamReferral:
    """Open `referral` for a team member. Call after `access_referral`, with the case key from
    `unlock_case` and the referral key from `unlock_referral` (None before the packet exists)."""
    uid = str(referral.uid)

    def draft_text(sealed: bytes | memoryview, name: str) -> str:
        return keys.open_with_case(bytes(sealed), case_key, uid=uid, field=name)

    opened = TeamReferral(
        referral=referral,
        purpose=draft_text(referral.purpose, "purpose"),
        summary=draft_text(referral.summary, "summary"),
        override_reason=draft_text(referral.override_reason, "override"),
        packet=keys.open_packet(bytes(referral.packet), referral_key, uid)
        if referral_key is not None and referral.packet
        else {},
        files=files_opened(referral, referral_key),
        updates=updates_opened(referral, referral_key),
        ledger=ledger(referral),
    )
    audit_record(
        actor=actor_label(actor),
        action="referral.read",
        target_type="case",
        target_id=f"{referral.case.number}:referral:{uid}",
    )
    return opened
