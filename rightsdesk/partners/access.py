"""The one access gate for referrals. Views and the API load a referral only through here.

A referral that does not exist, one of another organisation, one whose consent was withdrawn and
one of a case the team member may not read all give the same Http404. A partner user never gets
past this gate to a case: their only key is the referral's, wrapped to them.
"""

from __future__ import annotations

from django.http import Http404
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.models import Case
from rightsdesk.crypto import CryptoError
from rightsdesk.partners.keys import unwrap_referral_key
from rightsdesk.partners.models import Referral, ReferralWrap
from rightsdesk.partners.selectors import member_wraps, readable_referrals


def _uid(value: object) -> str:
    text = str(value)
    if len(text) != 36:
        raise Http404
    return text


def access_referral(user: User, uid: object) -> Referral:
    """The referral `uid` if `user` may read it (`selectors.readable_referrals`); Http404
    otherwise, whatever the reason."""
    try:
        referral = (
            readable_referrals(user).select_related("partner", "case").filter(uid=_uid(uid)).first()
        )
    except (ValueError, TypeError):
        raise Http404 from None
    if referral is None:
        raise Http404
    return referral


def referral_of_case(case: Case, uid: object) -> Referral:
    """A referral of `case`, for the volunteer's inbox (which already holds the case key) and
    for the case page; Http404 for any other."""
    try:
        referral = case.referrals.select_related("partner").filter(uid=_uid(uid)).first()
    except (ValueError, TypeError):
        raise Http404 from None
    if referral is None:
        raise Http404
    return referral


def unlock_referral(referral: Referral, user: User, private_key: PrivateKey) -> PrivateKey:
    """The referral's private key. Call after `access_referral`. A team member opens it through
    the case key (their own case wrap); a partner user through the wrap made to them. A wrap that
    does not open is treated like none. Http404 before the packet exists."""
    if not referral.public_key:
        raise Http404
    if user.is_team:
        case_key = unlock_case(access_case(user, referral.case.number), user, private_key)
        return unlock_with_case_key(referral, case_key)
    wrap = member_wraps(user).filter(referral=referral).first()
    if wrap is None:
        raise Http404
    try:
        return unwrap_referral_key(bytes(wrap.wrap), bytes(referral.public_key), private_key)
    except CryptoError:
        raise Http404 from None


def unlock_with_case_key(referral: Referral, case_key: PrivateKey) -> PrivateKey:
    """The referral's private key from the case key (the team's and the volunteer's way in)."""
    wrap = ReferralWrap.objects.filter(referral=referral, kind=ReferralWrap.Kind.CASE).first()
    if wrap is None or not referral.public_key:
        raise Http404
    try:
        return unwrap_referral_key(bytes(wrap.wrap), bytes(referral.public_key), case_key)
    except CryptoError:
        raise Http404 from None
