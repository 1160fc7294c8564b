"""Referrals for the two other readers: a partner organisation's users (`partner_token`, from the
staff sign-in) and the volunteer (`reporter_token`, from the receipt).

A partner user reaches a referral only through `access_referral`, which knows only the referrals
whose key is wrapped to them: another organisation's referral, one whose consent was withdrawn
and a missing one answer the same 404. They never reach a case. The volunteer reaches only the
referrals of their own case (`referral_of_case`), with the case key their inbox holds.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey
from ninja import Router, Status

from rightsdesk.api import referral_shapes as shapes
from rightsdesk.api.auth import inbox_of, partner_token, reporter_token, staff_of
from rightsdesk.api.errors import ApiError, errors
from rightsdesk.api.parsing import In, Json, doc
from rightsdesk.api.shapes import Version
from rightsdesk.core.downloads import download_response
from rightsdesk.partners.access import access_referral, referral_of_case, unlock_referral
from rightsdesk.partners.models import Referral
from rightsdesk.partners.selectors import (
    case_referrals,
    partner_of,
    partner_referrals,
    readable_referrals,
)
from rightsdesk.partners.services.colleagues import colleagues_catch_up
from rightsdesk.partners.services.loop import (
    UPDATE_MAX,
    consent_withdraw,
    partner_move,
    update_post,
)
from rightsdesk.partners.services.reading import referral_file_open, referral_open
from rightsdesk.partners.services.referrals import consent_decline, consent_give
from rightsdesk.partners.vocabulary import (
    DELIVERED,
    PARTNER_MOVES,
    DeclineReason,
    Outcome,
    Piece,
    State,
)

router = Router(tags=["partner users"], by_alias=True)
MOVES = sorted(PARTNER_MOVES)
DECISIONS = ["agree", "decline", "withdraw"]
# What the volunteer sees of their case's referrals: not a draft the team has not sent them, nor
# one waiting for a second team member's approval.
NOT_SHOWN = (State.DRAFTED, State.AWAITING_APPROVAL)


def _invalid(field: str, message: str) -> ApiError:
    return ApiError("invalid", message, field=field, fields={field: [message]})


@router.get(
    "/partner/referrals",
    auth=partner_token,
    response={200: shapes.PartnerReferralList, **errors(401)},
    operation_id="partnerReferrals",
    summary="The referrals made to your organisation: metadata only",
)
def partner_referral_list(request: HttpRequest) -> shapes.PartnerReferralList:
    staff = staff_of(request)
    user = staff.user
    partner = partner_of(user)
    if partner is None:
        return shapes.PartnerReferralList(referrals=[])
    # Referrals sent before a colleague joined reach them from here too (services.colleagues).
    colleagues_catch_up(user=user, partner=partner, private_key=staff.key)
    readable = set(readable_referrals(user).values_list("pk", flat=True))
    return shapes.PartnerReferralList(
        referrals=[shapes.partner_referral(r, r.pk in readable) for r in partner_referrals(partner)]
    )


@router.get(
    "/partner/referrals/{uid}",
    auth=partner_token,
    response={200: shapes.PartnerReferralDetail, **errors(401, 404)},
    operation_id="partnerReferral",
    summary="A referral made to your organisation: the packet, files and updates (audited)",
)
def partner_referral_detail(request: HttpRequest, uid: str) -> shapes.PartnerReferralDetail:
    staff = staff_of(request)
    referral = access_referral(staff.user, uid)
    key = unlock_referral(referral, staff.user, staff.key)
    return shapes.partner_referral_detail(
        referral_open(referral=referral, actor=staff.user, referral_key=key)
    )


class MoveIn(In):
    """received, accepted, declined (with `reason`), in_progress, completed or failed (with
    `outcome`), from the referral's `version`; `note` is sealed to the referral key."""

    to: str = doc(enum=MOVES)
    version: Version
    reason: str | None = doc(None, enum=[*DeclineReason.values, None])
    outcome: str | None = doc(None, enum=[*Outcome.values, None])
    note: str = doc("", maxLength=UPDATE_MAX)


@router.post(
    "/partner/referrals/{uid}/moves",
    auth=partner_token,
    response={200: shapes.PartnerReferral, **errors(400, 401, 404, 409, 415)},
    operation_id="partnerReferralMove",
    summary="Move a referral on: received, accepted, declined, in progress, completed, failed",
)
def partner_referral_move(
    request: HttpRequest, uid: str, body: Annotated[MoveIn, Json()]
) -> shapes.PartnerReferral:
    staff = staff_of(request)
    referral = access_referral(staff.user, uid)
    partner_move(
        referral=referral,
        actor=staff.user,
        to_state=body.to,
        note=body.note,
        now=timezone.now(),
        version=body.version,
        reason=body.reason or "",
        outcome=body.outcome or "",
    )
    referral.refresh_from_db()
    # A decline ends the organisation's access in the same step: the list still shows it.
    return shapes.partner_referral(referral, referral.state in DELIVERED)


class NoteIn(In):
    note: str = doc(maxLength=UPDATE_MAX, minLength=1)


@router.post(
    "/partner/referrals/{uid}/updates",
    auth=partner_token,
    response={201: shapes.PartnerReferral, **errors(400, 401, 404, 415)},
    operation_id="partnerReferralUpdate",
    summary="A note for the team on the loop (sealed to the referral key)",
)
def partner_referral_update(
    request: HttpRequest, uid: str, body: Annotated[NoteIn, Json()]
) -> Status[shapes.PartnerReferral]:
    staff = staff_of(request)
    referral = access_referral(staff.user, uid)
    update_post(referral=referral, actor=staff.user, note=body.note, now=timezone.now())
    referral.refresh_from_db()
    return Status(201, shapes.partner_referral(referral, True))


@router.get(
    "/partner/referrals/{uid}/files/{file_uid}",
    auth=partner_token,
    response={200: None, **errors(401, 404)},
    openapi_extra={
        "responses": {
            "200": {
                "description": "the file, as a download (its real type in X-Rightsdesk-Type)",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
    operation_id="partnerReferralFile",
    summary="A file the volunteer agreed to share (audited)",
)
def partner_referral_file(request: HttpRequest, uid: str, file_uid: str) -> HttpResponseBase:
    staff = staff_of(request)
    referral = access_referral(staff.user, uid)
    key = unlock_referral(referral, staff.user, staff.key)
    meta, stream = referral_file_open(
        referral=referral, referral_key=key, file_uid=file_uid, actor=staff.user
    )
    return download_response(meta.name, meta.mime, stream)


def _pieces(referral: Referral) -> list[shapes.InboxPiece]:
    labels = dict(Piece.choices)
    found = []
    for code in referral.pieces:
        kind, _sep, _ref = code.partition(":")
        if kind == "message":
            label = _("A message in your conversation with the team (id %(id)s)") % {"id": _ref}
        elif kind == "file":
            label = _("A file you sent (id %(id)s)") % {"id": _ref}
        else:
            label = str(labels.get(code, code))
        found.append(shapes.InboxPiece(code=code, kind=kind, label=label))
    return found


def _inbox_referral(referral: Referral, key: PrivateKey) -> shapes.InboxReferral:
    opened = referral_open(referral=referral, actor=None, case_key=key)
    partner = referral.partner
    return shapes.InboxReferral(
        uid=str(referral.uid),
        partner=partner.name,
        partner_description=partner.description,
        partner_website=partner.website,
        service=referral.service,
        state=referral.state,
        purpose=opened.purpose,
        summary=opened.summary if Piece.SUMMARY in referral.pieces else "",
        pieces=_pieces(referral),
        consented=list(referral.consented),
        until=referral.until,
        can_answer=referral.state == State.AWAITING_CONSENT,
        can_withdraw=referral.state in DELIVERED,
        version=referral.version,
    )


@router.get(
    "/inbox/referrals",
    auth=reporter_token,
    tags=["reporters"],
    response={200: shapes.InboxReferrals, **errors(401)},
    operation_id="inboxReferrals",
    summary="Referrals of your case: to whom, for what, which pieces, until when",
)
def inbox_referrals(request: HttpRequest) -> shapes.InboxReferrals:
    inbox = inbox_of(request)
    found = case_referrals(inbox.case).exclude(state__in=NOT_SHOWN)
    return shapes.InboxReferrals(referrals=[_inbox_referral(r, inbox.key) for r in found])


class InboxConsentIn(In):
    """agree (with the pieces you agree to share: some or all of those proposed), decline, or
    withdraw an agreement (the organisation's access is deleted)."""

    decision: str = doc(enum=DECISIONS)
    pieces: list[str] = doc([], description="agree: the codes of the pieces you agree to share")
    version: Version | None = None


@router.post(
    "/inbox/referrals/{uid}/consent",
    auth=reporter_token,
    tags=["reporters"],
    response={200: shapes.InboxReferral, **errors(400, 401, 404, 409, 415)},
    operation_id="inboxReferralConsent",
    summary="Agree (choosing the pieces), decline, or withdraw your consent",
)
def inbox_referral_consent(
    request: HttpRequest, uid: str, body: Annotated[InboxConsentIn, Json()]
) -> shapes.InboxReferral:
    if body.decision not in DECISIONS:
        raise _invalid("decision", _("Choose agree, decline or withdraw."))
    inbox = inbox_of(request)
    referral = referral_of_case(inbox.case, uid)
    if referral.state in NOT_SHOWN:
        raise ApiError("not_found", _("Not found."), 404)
    language = getattr(request, "LANGUAGE_CODE", "") or ""
    now = timezone.now()
    if body.decision == "agree":
        consent_give(
            referral=referral,
            case_key=inbox.key,
            pieces=body.pieces,
            language=language,
            now=now,
            version=body.version,
        )
    elif body.decision == "decline":
        consent_decline(referral=referral, language=language, now=now)
    else:
        consent_withdraw(referral=referral, language=language, now=now)
    return _inbox_referral(referral_of_case(inbox.case, uid), inbox.key)
