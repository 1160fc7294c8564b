"""The team's answers on the partner network (rightsdesk.api.routers.partners), as pydantic
schemas, and how to build them: the directory, proposals, a referral with its ledger. What a
partner user and the volunteer see is in rightsdesk.api.referral_shapes, each reader with its own
classes, so a field cannot reach a reader by accident (ninja refuses to send a field its class
does not have).
"""

from __future__ import annotations

import datetime
from typing import Any

from rightsdesk.api.parsing import doc
from rightsdesk.api.referral_shapes import (
    SERVICES,
    STATES,
    FileOut,
    Packet,
    UpdateOut,
    files_of,
    packet_of,
    updates_of,
)
from rightsdesk.api.shapes import Out
from rightsdesk.partners.matching import Match
from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.selectors import OpenedReferral, reachable_by
from rightsdesk.partners.services.directory import notes_open, vetting_open
from rightsdesk.partners.services.reading import LedgerRow
from rightsdesk.partners.vocabulary import (
    ConsentChannel,
    ConsentDecision,
    DeclineReason,
    Outcome,
)

REACHABLE = ["accounts", "openpgp", ""]


class PartnerRef(Out):
    uid: str
    name: str


class PartnerSummary(Out):
    """A directory entry: what the organisation offers (clear in the directory)."""

    uid: str
    name: str
    services: list[str] = doc(items={"type": "string", "enum": SERVICES})
    languages: list[str]
    countries: list[str] = doc(description="ISO 3166-1 alpha-2 codes")
    regions: list[str] = doc(description="UN M49 sub-region codes")
    worldwide: bool
    serves: list[str]
    response_hours: int = doc(description="the response time it commits to")
    capacity: int
    load: int = doc(description="referrals it holds now that count against its capacity")
    capacity_confirmed_on: datetime.date | None
    vetting_valid: bool = doc(description="false: it cannot receive referrals")
    vetting_expires: datetime.date | None
    public: bool
    do_not_refer: bool
    reachable_by: str = doc(
        enum=REACHABLE,
        description="accounts: its users sign in; openpgp: an encrypted e-mail to its key; "
        "empty: it cannot receive a referral",
    )


class VettingOut(Out):
    vetted_on: datetime.date
    expires_on: datetime.date
    vouched_by: str
    evidence: str


class PartnerDetail(PartnerSummary):
    description: str
    hours: str
    time_zone: str
    website: str
    email: str
    phone: str
    signal: str
    openpgp_fingerprint: str
    vettings: list[VettingOut]
    notes: str = doc(description="the team's own notes (sealed under the directory key)")
    version: int


class PartnerList(Out):
    partners: list[PartnerSummary]


def partner_summary(partner: Partner, today: datetime.date) -> dict[str, Any]:
    vettings = list(partner.vettings.all())
    return {
        "uid": str(partner.uid),
        "name": partner.name,
        "services": list(partner.services),
        "languages": list(partner.languages),
        "countries": list(partner.countries),
        "regions": list(partner.regions),
        "worldwide": partner.worldwide,
        "serves": list(partner.serves),
        "response_hours": partner.response_hours,
        "capacity": partner.capacity,
        "load": int(getattr(partner, "load", 0)),
        "capacity_confirmed_on": partner.capacity_confirmed_on,
        "vetting_valid": partner.vetting_valid_on(today),
        "vetting_expires": max((v.expires_on for v in vettings), default=None),
        "public": partner.public,
        "do_not_refer": partner.do_not_refer,
        "reachable_by": reachable_by(partner),
    }


def partner_detail(partner: Partner, today: datetime.date) -> PartnerDetail:
    vettings = [vetting_open(v) for v in partner.vettings.all()]
    return PartnerDetail(
        **partner_summary(partner, today),
        description=partner.description,
        hours=partner.hours,
        time_zone=partner.time_zone,
        website=partner.website,
        email=partner.email,
        phone=partner.phone,
        signal=partner.signal,
        openpgp_fingerprint=partner.openpgp_fingerprint,
        vettings=[
            VettingOut(
                vetted_on=v.vetting.vetted_on,
                expires_on=v.vetting.expires_on,
                vouched_by=v.vouched_by,
                evidence=v.evidence,
            )
            for v in vettings
        ],
        notes=notes_open(partner),
        version=partner.version,
    )


class ProposalOut(Out):
    partner: PartnerRef
    score: float = doc(minimum=0, maximum=1)
    reasons: list[str]
    reachable_by: str = doc(enum=REACHABLE)


class ExcludedOut(Out):
    partner: PartnerRef
    why: str


class Proposals(Out):
    """Partners for the need, best first, each with its reasons; and those left out, with why.
    The handler chooses, never the score."""

    service: str = doc(enum=SERVICES)
    proposals: list[ProposalOut]
    excluded: list[ExcludedOut]


def proposals(service: str, match: Match) -> Proposals:
    return Proposals(
        service=service,
        proposals=[
            ProposalOut(
                partner=PartnerRef(uid=str(p.partner.uid), name=p.partner.name),
                score=p.score,
                reasons=[str(r) for r in p.reasons],
                reachable_by=reachable_by(p.partner),
            )
            for p in match.proposals
        ],
        excluded=[
            ExcludedOut(partner=PartnerRef(uid=str(e.partner.uid), name=e.partner.name), why=e.why)
            for e in match.excluded
        ],
    )


class ReferralSummary(Out):
    """A referral's clear metadata, for the team."""

    uid: str
    case: str = doc(description="the case number")
    partner: PartnerRef
    service: str = doc(enum=SERVICES)
    state: str = doc(enum=STATES)
    pieces: list[str] = doc(
        description="proposed: narrative, contact, ..., message:<id>, file:<id>"
    )
    consented: list[str] = doc(description="what the packet holds")
    until: datetime.date = doc(description="the consent's end: the referral expires after it")
    created: datetime.datetime
    sent_at: datetime.datetime | None
    due_at: datetime.datetime | None
    escalated: bool
    accepted_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    decline_reason: str | None = doc(enum=[*DeclineReason.values, None])
    outcome: str | None = doc(enum=[*Outcome.values, None])
    remote: bool = doc(description="sent as an OpenPGP message to a partner without accounts")
    version: int = doc(description="send it back with a step; it changes with every step")


class ReferralList(Out):
    referrals: list[ReferralSummary]


def referral_summary(referral: Referral) -> ReferralSummary:
    return ReferralSummary(
        uid=str(referral.uid),
        case=referral.case.number,
        partner=PartnerRef(uid=str(referral.partner.uid), name=referral.partner.name),
        service=referral.service,
        state=referral.state,
        pieces=list(referral.pieces),
        consented=list(referral.consented),
        until=referral.until,
        created=referral.created_at,
        sent_at=referral.sent_at,
        due_at=referral.due_at,
        escalated=referral.escalated,
        accepted_at=referral.accepted_at,
        closed_at=referral.closed_at,
        decline_reason=referral.decline_reason or None,
        outcome=referral.outcome or None,
        remote=referral.remote,
        version=referral.version,
    )


class LedgerOut(Out):
    decision: str = doc(enum=list(ConsentDecision.values))
    pieces: list[str]
    until: datetime.date | None
    text_version: str
    language: str
    channel: str = doc(enum=list(ConsentChannel.values))
    recorded_by: str | None
    approved_by: str | None
    on: datetime.date


class ReferralDetail(Out):
    """A referral opened by a team member (audited)."""

    referral: ReferralSummary
    purpose: str
    summary: str
    packet: Packet | None = doc(description="null until sent, and after the partner's access ends")
    files: list[FileOut]
    updates: list[UpdateOut]
    ledger: list[LedgerOut]


def referral_detail(opened: OpenedReferral, ledger: list[LedgerRow]) -> ReferralDetail:
    return ReferralDetail(
        referral=referral_summary(opened.referral),
        purpose=opened.purpose,
        summary=opened.summary,
        packet=packet_of(opened),
        files=files_of(opened),
        updates=updates_of(opened),
        ledger=[
            LedgerOut(
                decision=row.decision,
                pieces=row.pieces,
                until=row.until,  # type: ignore[arg-type]  # a date or None
                text_version=row.text_version,
                language=row.language,
                channel=row.channel,
                recorded_by=row.recorded_by or None,
                approved_by=row.approved_by or None,
                on=row.on,  # type: ignore[arg-type]  # a date
            )
            for row in ledger
        ],
    )


class RemoteMessageOut(Out):
    """The OpenPGP message mailed to a partner without accounts, to deliver it another way."""

    name: str
    fingerprint: str = doc(description="of the key it is encrypted to")
    armored: str
    sent_at: datetime.datetime | None
