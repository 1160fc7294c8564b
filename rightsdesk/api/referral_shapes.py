"""What a partner user and the volunteer see of a referral (rightsdesk.api.routers.
partner_users), and the parts of an opened referral every reader shares: the packet, its files,
the loop's updates. The team's own answers are in rightsdesk.api.partner_shapes.

Each reader gets its own class, so a field cannot reach a reader by accident: ninja refuses to
send a field its class does not have.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from pydantic import MISSING, Field

from rightsdesk.api.parsing import absent, doc
from rightsdesk.api.shapes import Out
from rightsdesk.partners.models import Referral
from rightsdesk.partners.selectors import OpenedReferral
from rightsdesk.partners.vocabulary import DeclineReason, Outcome, Piece, Service, State

STATES = list(State.values)
SERVICES = list(Service.values)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class PacketMessage(Out):
    from_: str = Field(alias="from", json_schema_extra={"enum": ["reporter", "team"]})
    on: str = doc(description="the day, ISO 8601")
    body: str


class Packet(Out):
    """What the volunteer agreed to send, and only that: a piece not agreed to is left out."""

    case: str
    pieces: list[str]
    purpose: str
    narrative: str | MISSING = absent()
    contact: str | MISSING = absent()
    country: str | MISSING = absent()
    threat_types: list[str] | MISSING = absent()
    summary: str | MISSING = absent()
    messages: list[PacketMessage]
    language: str


class FileOut(Out):
    id: str
    name: str
    type: str
    size: int


class UpdateOut(Out):
    id: str
    at: datetime.datetime
    who: str = doc(description="a username; or team, partner, volunteer, system")
    from_partner: bool
    state: str | None = doc(enum=[*STATES, None], description="null: a note without a move")
    body: str


def packet_of(opened: OpenedReferral) -> Packet | None:
    if not opened.packet:
        return None
    return Packet.model_validate(opened.packet)


def files_of(opened: OpenedReferral) -> list[FileOut]:
    return [FileOut(id=f.uid, name=f.name, type=f.mime, size=f.size) for f in opened.files]


def updates_of(opened: OpenedReferral) -> list[UpdateOut]:
    return [
        UpdateOut(
            id=u.uid,
            at=u.at,
            who=u.who,
            from_partner=u.from_partner,
            state=u.state or None,
            body=u.body,
        )
        for u in opened.updates
    ]


class PartnerReferral(Out):
    """A referral as the partner organisation sees it in its list: clear metadata only."""

    uid: str
    service: str = doc(enum=SERVICES)
    state: str = doc(enum=STATES)
    until: datetime.date
    sent_at: datetime.datetime | None
    due_at: datetime.datetime | None
    decline_reason: str | None = doc(enum=[*DeclineReason.values, None])
    outcome: str | None = doc(enum=[*Outcome.values, None])
    readable: bool = doc(description="false: its packet is not (or no longer) open to you")
    version: int


class PartnerReferralList(Out):
    referrals: list[PartnerReferral]


def partner_referral(referral: Referral, readable: bool) -> PartnerReferral:
    return PartnerReferral(
        uid=str(referral.uid),
        service=referral.service,
        state=referral.state,
        until=referral.until,
        sent_at=referral.sent_at,
        due_at=referral.due_at,
        decline_reason=referral.decline_reason or None,
        outcome=referral.outcome or None,
        readable=readable,
        version=referral.version,
    )


class PartnerReferralDetail(Out):
    """A referral opened by a user of the organisation it was made to (audited)."""

    referral: PartnerReferral
    packet: Packet
    files: list[FileOut]
    updates: list[UpdateOut]


def partner_referral_detail(opened: OpenedReferral) -> PartnerReferralDetail:
    packet = packet_of(opened)
    if packet is None:  # the gate lets no one here without a packet
        raise ValueError("no packet")
    return PartnerReferralDetail(
        referral=partner_referral(opened.referral, True),
        packet=packet,
        files=files_of(opened),
        updates=updates_of(opened),
    )


class InboxPiece(Out):
    code: str
    kind: str = doc(enum=[*Piece.values, "message", "file"])
    label: str = doc(description="what it is, in the language asked for")


class InboxReferral(Out):
    """A referral of the volunteer's case: to whom, for what, exactly which pieces, until when."""

    uid: str
    partner: str = doc(description="the organisation's name")
    partner_description: str
    partner_website: str
    service: str = doc(enum=SERVICES)
    state: str = doc(enum=STATES)
    purpose: str
    summary: str = doc(description="the team's summary, if it is one of the pieces")
    pieces: list[InboxPiece] = doc(description="what the team proposes to share")
    consented: list[str] = doc(description="what you agreed to (the codes)")
    until: datetime.date
    can_answer: bool = doc(description="waiting for your answer: agree or decline")
    can_withdraw: bool
    version: int


class InboxReferrals(Out):
    referrals: list[InboxReferral]
