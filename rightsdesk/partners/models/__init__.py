"""The partner network's data: the directory (`directory`) and referrals (`referrals`)."""

from rightsdesk.partners.models.directory import Partner, PartnerMember, Vetting
from rightsdesk.partners.models.referrals import (
    Consent,
    Referral,
    ReferralFile,
    ReferralUpdate,
    ReferralWrap,
)

__all__ = [
    "Consent",
    "Partner",
    "PartnerMember",
    "Referral",
    "ReferralFile",
    "ReferralUpdate",
    "ReferralWrap",
    "Vetting",
]
