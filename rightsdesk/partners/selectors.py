"""Reads on the partner network: THE definition of who may read a referral, the directory, and
what a referral holds once opened. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import readable_case_ids
from rightsdesk.partners.models import Partner, PartnerMember, Referral, ReferralWrap
from rightsdesk.partners.vocabulary import DELIVERED


def partner_of(user: User) -> Partner | None:
    """The organisation an active partner user signs in for; None for anyone else."""
    if not user.is_active or user.role != User.Role.PARTNER:
        return None
    member = PartnerMember.objects.filter(user=user).select_related("partner").first()
    return member.partner if member else None


def member_wraps(user: User) -> QuerySet[ReferralWrap]:
    """The referral key wraps an active partner user holds (none for anyone else)."""
    if not user.is_active or user.role != User.Role.PARTNER:
        return ReferralWrap.objects.none()
    return ReferralWrap.objects.filter(user=user, kind=ReferralWrap.Kind.MEMBER)


def readable_referrals(user: User) -> QuerySet[Referral]:
    """THE definition of "may read a referral". A team member: the referrals of the cases they
    may read (rightsdesk.cases.selectors). A partner user: the referrals whose key is wrapped to
    them, which is only while their organisation holds the volunteer's consent (withdrawal,
    cancellation, a decline and expiry delete those wraps). Anyone else: none."""
    if not user.is_active:
        return Referral.objects.none()
    if user.is_team:
        return Referral.objects.filter(case_id__in=readable_case_ids(user))
    if user.role == User.Role.PARTNER:
        partner = partner_of(user)
        if partner is None:
            return Referral.objects.none()
        return Referral.objects.filter(
            partner=partner, pk__in=member_wraps(user).values("referral_id")
        )
    return Referral.objects.none()


def partner_referrals(partner: Partner) -> QuerySet[Referral]:
    """Every referral made to `partner`, for its portal's list: clear metadata only (state,
    service, dates); opening one goes through the gate."""
    return Referral.objects.filter(partner=partner).exclude(
        state__in=("drafted", "awaiting_consent", "awaiting_approval")
    )


def case_referrals(case: Case) -> QuerySet[Referral]:
    """The referrals of `case` (call after the case's gate)."""
    return Referral.objects.filter(case=case).select_related("partner")


def open_load(partner: Partner) -> int:
    """How many referrals `partner` holds that count against its capacity."""
    return Referral.objects.filter(partner=partner, state__in=DELIVERED).count()


def partners_with_load() -> QuerySet[Partner]:
    """The directory with each organisation's open load (`load`) and its vettings, for lists and
    matching; one query plus one for the vettings."""
    return Partner.objects.annotate(
        load=Count("referrals", filter=Q(referrals__state__in=DELIVERED))
    ).prefetch_related("vettings")


def vetting_valid(partner: Partner, day: date) -> bool:
    return partner.vettings.filter(vetted_on__lte=day, expires_on__gte=day).exists()


@dataclass(frozen=True)
class OpenedUpdate:
    uid: str
    at: Any
    who: str
    from_partner: bool
    state: str
    body: str


@dataclass(frozen=True)
class OpenedFile:
    uid: str
    name: str
    mime: str
    size: int


@dataclass(frozen=True)
class OpenedReferral:
    """A referral as its reader sees it: the packet (what the volunteer agreed to send, and only
    that), the files in it, and the loop's updates. The team's view adds the draft texts."""

    referral: Referral
    packet: dict[str, Any]
    files: list[OpenedFile] = field(default_factory=list)
    updates: list[OpenedUpdate] = field(default_factory=list)
    purpose: str = ""
    summary: str = ""
