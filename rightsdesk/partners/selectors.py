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
from rightsdesk.core.regions import regions_of
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


def partner_by_uid(uid: object) -> Partner | None:
    """The directory entry `uid` (with `load` and vettings), or None for anything else."""
    text = str(uid)
    if len(text) != 36:
        return None
    try:
        return partners_with_load().filter(uid=text).first()
    except (ValueError, TypeError):
        return None


def reachable_by(partner: Partner) -> str:
    """How a referral would reach `partner`: "accounts" (its users hold keys), "openpgp" (an
    encrypted e-mail to its published key) or "" (it cannot receive one)."""
    if partner.members.filter(user__is_active=True, user__keyring__isnull=False).exists():
        return "accounts"
    if partner.openpgp_key and partner.openpgp_fingerprint and partner.email:
        return "openpgp"
    return ""


def directory_entries(
    *,
    service: str = "",
    language: str = "",
    country: str = "",
    region: str = "",
    public: bool | None = None,
    today: date,
    valid_only: bool = False,
) -> list[Partner]:
    """The directory filtered (each filter left empty matches everything), by name. Filters on
    JSON lists run in Python: SQLite cannot search inside them, and the directory is small."""
    found = []
    for partner in partners_with_load().order_by("name"):  # GROUP BY drops Meta.ordering
        if service and service not in partner.services:
            continue
        if language and language not in partner.languages:
            continue
        if country and not (
            partner.worldwide
            or country in partner.countries
            or set(regions_of(country)) & set(partner.regions)
        ):
            continue
        if region and not (partner.worldwide or region in partner.regions):
            continue
        if public is not None and partner.public != public:
            continue
        if valid_only and not partner.vetting_valid_on(today):
            continue
        found.append(partner)
    return found


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
