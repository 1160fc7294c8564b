"""The partner network for the team: the directory, matching, and referrals from draft to close.

Every case goes through `access_case` and every referral through `access_referral`: one the
token's user may not read answers the same 404 as a missing one. A partner user's token is not a
staff token: every operation here answers it 401 before anything is looked up, so it learns
nothing about which cases or referrals exist. Steps are the services' (rightsdesk.partners.
services): their refusals come back as 400 referral_refused, 409 referral_stale, nothing changed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict

from rightsdesk.api import partner_shapes as shapes
from rightsdesk.api.auth import StaffCredentials, staff_case, staff_of, staff_token
from rightsdesk.api.errors import ApiError, errors
from rightsdesk.api.parsing import In, Json, doc
from rightsdesk.api.referral_shapes import LANGUAGES, SERVICES
from rightsdesk.api.shapes import Version
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.core.countries import country_codes
from rightsdesk.core.regions import region_codes
from rightsdesk.partners.access import access_referral
from rightsdesk.partners.models import Referral
from rightsdesk.partners.remote.services import remote_message_open
from rightsdesk.partners.selectors import case_referrals, directory_entries, partner_by_uid
from rightsdesk.partners.services.common import ReferralRefused
from rightsdesk.partners.services.loop import (
    UPDATE_MAX,
    consent_withdraw,
    referral_cancel,
    update_post,
)
from rightsdesk.partners.services.reading import referral_ledger, referral_open, referral_proposals
from rightsdesk.partners.services.referrals import (
    PIECES_MAX,
    PURPOSE_MAX,
    SUMMARY_MAX,
    consent_decline,
    consent_give,
    override_approve,
    override_request,
    referral_ask,
    referral_draft,
)
from rightsdesk.partners.vocabulary import ConsentChannel, Service

router = Router(tags=["partners"], auth=staff_token, by_alias=True)
# Ways a team member heard the volunteer's answer (the inbox is the volunteer's own; an override
# is not an answer).
HEARD = [
    c for c in ConsentChannel.values if c not in (ConsentChannel.INBOX, ConsentChannel.OVERRIDE)
]
DECISIONS = ["agree", "decline", "withdraw"]


def _today() -> date:
    return timezone.localdate()


def _invalid(field: str, message: str) -> ApiError:
    return ApiError("invalid", message, field=field, fields={field: [message]})


class DirectoryFilter(Schema):
    model_config = ConfigDict(extra="forbid")

    service: str = doc("", enum=["", *SERVICES])
    language: str = doc("", enum=["", *LANGUAGES])
    country: str = doc("", description="ISO 3166-1 alpha-2: those that work there")
    region: str = doc("", description="UN M49 sub-region code")
    vetted: bool = doc(False, description="only those whose vetting is valid today")


@router.get(
    "/partners",
    response={200: shapes.PartnerList, **errors(400, 401)},
    operation_id="partnerList",
    summary="The directory of partner organisations, filtered",
)
def partner_list(request: HttpRequest, filters: Query[DirectoryFilter]) -> shapes.PartnerList:
    staff_of(request)
    checks = (
        ("service", filters.service, SERVICES),
        ("language", filters.language, LANGUAGES),
        ("country", filters.country, country_codes()),
        ("region", filters.region, region_codes()),
    )
    for name, value, allowed in checks:
        if value and value not in allowed:
            raise _invalid(name, _("Unknown code: %(code)s.") % {"code": value[:20]})
    today = _today()
    found = directory_entries(
        service=filters.service,
        language=filters.language,
        country=filters.country,
        region=filters.region,
        today=today,
        valid_only=filters.vetted,
    )
    return shapes.PartnerList(
        partners=[shapes.PartnerSummary(**shapes.partner_summary(p, today)) for p in found]
    )


@router.get(
    "/partners/{uid}",
    response={200: shapes.PartnerDetail, **errors(401, 404)},
    operation_id="partnerDetail",
    summary="One organisation: contacts, key fingerprint, vetting, the team's notes",
)
def partner_detail(request: HttpRequest, uid: str) -> shapes.PartnerDetail:
    staff_of(request)
    partner = partner_by_uid(uid)
    if partner is None:
        raise ApiError("not_found", _("Not found."), 404)
    return shapes.partner_detail(partner, _today())


class NeedQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    service: str = doc(enum=SERVICES)


@router.get(
    "/cases/{number}/referral-proposals",
    response={200: shapes.Proposals, **errors(400, 401, 404)},
    operation_id="referralProposals",
    summary="Partners for a need, ranked with reasons; those left out, with why",
)
def referral_proposals_list(
    request: HttpRequest, number: str, need: Query[NeedQuery]
) -> shapes.Proposals:
    staff, case = staff_case(request, number)
    service = need.service
    if service not in Service.values:
        raise _invalid("service", _("Unknown code: %(code)s.") % {"code": service[:20]})
    key = unlock_case(case, staff.user, staff.key)
    match = referral_proposals(
        case=case, case_key=key, service=service, actor=staff.user, today=_today()
    )
    return shapes.proposals(service, match)


class DraftIn(In):
    """A referral drafted for the volunteer's consent. `ask` false keeps it a draft."""

    partner: str = doc(description="the organisation's uid")
    service: str = doc(enum=SERVICES)
    pieces: list[str] = doc(
        maxItems=PIECES_MAX,
        description="narrative, contact, country, threat_types, summary, message:<id>, file:<id>",
    )
    purpose: str = doc(maxLength=PURPOSE_MAX, minLength=1)
    summary: str = doc("", maxLength=SUMMARY_MAX)
    until: str = doc(format="date", description="when the consent ends (within a year)")
    ask: bool = True


@router.get(
    "/cases/{number}/referrals",
    response={200: shapes.ReferralList, **errors(401, 404)},
    operation_id="caseReferrals",
    summary="The referrals of a case: metadata only",
)
def case_referral_list(request: HttpRequest, number: str) -> shapes.ReferralList:
    _staff, case = staff_case(request, number)
    return shapes.ReferralList(referrals=[shapes.referral_summary(r) for r in case_referrals(case)])


@router.post(
    "/cases/{number}/referrals",
    response={201: shapes.ReferralSummary, **errors(400, 401, 404, 415)},
    operation_id="referralDraft",
    summary="Draft a referral and (unless ask is false) put it in the volunteer's inbox",
)
def case_referral_draft(
    request: HttpRequest, number: str, body: Annotated[DraftIn, Json()]
) -> Status[shapes.ReferralSummary]:
    staff, case = staff_case(request, number)
    try:
        until = date.fromisoformat(body.until)
    except ValueError:
        raise _invalid("until", _("Give the date as YYYY-MM-DD.")) from None
    partner = partner_by_uid(body.partner)
    if partner is None:
        raise ReferralRefused(_("No such organisation in the directory."))
    referral = referral_draft(
        case=case,
        actor=staff.user,
        partner=partner,
        service=body.service,
        pieces=body.pieces,
        purpose=body.purpose,
        summary=body.summary,
        until=until,
        now=timezone.now(),
        ask=body.ask,
    )
    return Status(201, shapes.referral_summary(referral))


def _referral(request: HttpRequest, uid: str) -> tuple[StaffCredentials, Referral]:
    staff = staff_of(request)
    return staff, access_referral(staff.user, uid)


def _case_key(staff: StaffCredentials, referral: Referral) -> PrivateKey:
    case = access_case(staff.user, referral.case.number)
    return unlock_case(case, staff.user, staff.key)


def _fresh(referral: Referral) -> shapes.ReferralSummary:
    referral.refresh_from_db()
    return shapes.referral_summary(referral)


@router.get(
    "/referrals/{uid}",
    response={200: shapes.ReferralDetail, **errors(401, 404)},
    operation_id="referralDetail",
    summary="A referral opened: the packet, files, updates and the consent ledger (audited)",
)
def referral_detail(request: HttpRequest, uid: str) -> shapes.ReferralDetail:
    staff, referral = _referral(request, uid)
    opened = referral_open(
        referral=referral,
        actor=staff.user,
        case_key=_case_key(staff, referral),
    )
    return shapes.referral_detail(opened, referral_ledger(referral))


class VersionIn(In):
    version: Version


@router.post(
    "/referrals/{uid}/ask",
    response={200: shapes.ReferralSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="referralAsk",
    summary="Put a drafted referral in the volunteer's inbox",
)
def referral_ask_op(
    request: HttpRequest, uid: str, body: Annotated[VersionIn, Json()]
) -> shapes.ReferralSummary:
    staff, referral = _referral(request, uid)
    referral_ask(referral=referral, actor=staff.user, now=timezone.now(), version=body.version)
    return _fresh(referral)


class ConsentIn(In):
    """The volunteer's answer, heard by a team member on another channel."""

    decision: str = doc(enum=DECISIONS)
    pieces: list[str] = doc([], description="agree: the pieces they agreed to share")
    channel: str = doc(enum=HEARD)
    language: str = doc(enum=LANGUAGES, description="the language they were asked in")
    version: Version | None = None


@router.post(
    "/referrals/{uid}/consent",
    response={200: shapes.ReferralSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="referralConsent",
    summary="Record the volunteer's answer from another channel: agree (pieces), decline, withdraw",
)
def referral_consent(
    request: HttpRequest, uid: str, body: Annotated[ConsentIn, Json()]
) -> shapes.ReferralSummary:
    if body.decision not in DECISIONS:
        raise _invalid("decision", _("Choose agree, decline or withdraw."))
    if body.channel not in HEARD:
        raise _invalid("channel", _("Say how the volunteer gave their answer."))
    if body.language not in LANGUAGES:
        raise _invalid("language", _("Unknown language code."))
    staff, referral = _referral(request, uid)
    now = timezone.now()
    if body.decision == "agree":
        consent_give(
            referral=referral,
            case_key=_case_key(staff, referral),
            pieces=body.pieces,
            language=body.language,
            now=now,
            channel=body.channel,
            recorded_by=staff.user,
            version=body.version,
        )
    elif body.decision == "decline":
        consent_decline(
            referral=referral,
            language=body.language,
            now=now,
            channel=body.channel,
            recorded_by=staff.user,
        )
    else:
        consent_withdraw(
            referral=referral,
            language=body.language,
            now=now,
            channel=body.channel,
            recorded_by=staff.user,
        )
    return _fresh(referral)


class OverrideIn(In):
    reason: str = doc(maxLength=PURPOSE_MAX, minLength=1)
    version: Version


@router.post(
    "/referrals/{uid}/override",
    response={200: shapes.ReferralSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="referralOverride",
    summary="Ask to refer without consent (a permission, a reason, a second approval)",
)
def referral_override(
    request: HttpRequest, uid: str, body: Annotated[OverrideIn, Json()]
) -> shapes.ReferralSummary:
    staff, referral = _referral(request, uid)
    override_request(
        referral=referral,
        actor=staff.user,
        reason=body.reason,
        now=timezone.now(),
        version=body.version,
    )
    return _fresh(referral)


@router.post(
    "/referrals/{uid}/override/approve",
    response={200: shapes.ReferralSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="referralOverrideApprove",
    summary="A second team member approves a referral without consent; the packet goes",
)
def referral_override_approve(
    request: HttpRequest, uid: str, body: Annotated[VersionIn, Json()]
) -> shapes.ReferralSummary:
    staff, referral = _referral(request, uid)
    override_approve(
        referral=referral,
        actor=staff.user,
        case_key=_case_key(staff, referral),
        now=timezone.now(),
        version=body.version,
    )
    return _fresh(referral)


@router.post(
    "/referrals/{uid}/cancel",
    response={200: shapes.ReferralSummary, **errors(400, 401, 404, 409, 415)},
    operation_id="referralCancel",
    summary="Revoke a referral: the partner's access is deleted at once",
)
def referral_cancel_op(
    request: HttpRequest, uid: str, body: Annotated[VersionIn, Json()]
) -> shapes.ReferralSummary:
    staff, referral = _referral(request, uid)
    referral_cancel(referral=referral, actor=staff.user, now=timezone.now(), version=body.version)
    return _fresh(referral)


class NoteIn(In):
    note: str = doc(maxLength=UPDATE_MAX, minLength=1)


@router.post(
    "/referrals/{uid}/updates",
    response={201: shapes.ReferralSummary, **errors(400, 401, 404, 415)},
    operation_id="referralUpdate",
    summary="A note on the loop, sealed to the referral key (the partner reads it)",
)
def referral_update(
    request: HttpRequest, uid: str, body: Annotated[NoteIn, Json()]
) -> Status[shapes.ReferralSummary]:
    staff, referral = _referral(request, uid)
    update_post(referral=referral, actor=staff.user, note=body.note, now=timezone.now())
    return Status(201, _fresh(referral))


@router.get(
    "/referrals/{uid}/openpgp-message",
    response={200: shapes.RemoteMessageOut, **errors(400, 401, 404)},
    operation_id="referralOpenpgpMessage",
    summary="The OpenPGP message mailed to a partner without accounts (audited)",
)
def referral_openpgp_message(request: HttpRequest, uid: str) -> shapes.RemoteMessageOut:
    staff, referral = _referral(request, uid)
    message = remote_message_open(referral=referral, actor=staff.user)
    return shapes.RemoteMessageOut(
        name=message.name,
        fingerprint=message.fingerprint,
        armored=message.armored,
        sent_at=message.sent_at,
    )
