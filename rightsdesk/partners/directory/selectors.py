"""Reads of the directory for its pages: the staff list with its filters, one organisation, its
users, who holds the override permission, and the public list. Nothing here writes or opens a
sealed field (rightsdesk.partners.directory.services.partner_open does, audited).

The directory is small (tens to hundreds of organisations) and its lists are JSON columns, which
SQLite cannot search inside: the filters run in Python over one query (plus one for vettings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from rightsdesk.accounts.models import User
from rightsdesk.core.regions import regions_of
from rightsdesk.partners.models import Partner, PartnerMember, Vetting
from rightsdesk.partners.selectors import partners_with_load


@dataclass(frozen=True)
class VettingStatus:
    """Where a partner's vetting stands on a day: `valid` (until `until`), `expired` (on
    `until`), `future` (starts on `starts`) or `none`."""

    state: str
    until: date | None = None
    starts: date | None = None

    @property
    def valid(self) -> bool:
        return self.state == "valid"


def vetting_status(vettings: Iterable[Vetting], today: date) -> VettingStatus:
    rows = list(vettings)
    covering = [v for v in rows if v.vetted_on <= today <= v.expires_on]
    if covering:
        return VettingStatus("valid", until=max(v.expires_on for v in covering))
    past = [v for v in rows if v.expires_on < today]
    future = [v for v in rows if v.vetted_on > today]
    if future:
        return VettingStatus("future", starts=min(v.vetted_on for v in future))
    if past:
        return VettingStatus("expired", until=max(v.expires_on for v in past))
    return VettingStatus("none")


@dataclass(frozen=True)
class DirectoryRow:
    partner: Partner
    load: int
    vetting: VettingStatus


def _serves_country(partner: Partner, country: str) -> bool:
    return (
        partner.worldwide
        or country in partner.countries
        or bool(set(regions_of(country)) & set(partner.regions))
    )


def directory_rows(filters: dict[str, Any], today: date) -> list[DirectoryRow]:
    """The staff list: every organisation with its load and vetting, filtered by the cleaned
    `DirectoryFilterForm` values (empty values do not filter)."""
    rows = [
        DirectoryRow(p, getattr(p, "load", 0), vetting_status(p.vettings.all(), today))
        for p in partners_with_load().order_by("name")
    ]
    service, language = filters.get("service"), filters.get("language")
    country, region = filters.get("country"), filters.get("region")
    vetting, public = filters.get("vetting"), filters.get("public")
    if service:
        rows = [r for r in rows if service in r.partner.services]
    if language:
        rows = [r for r in rows if language in r.partner.languages]
    if country:
        rows = [r for r in rows if _serves_country(r.partner, country)]
    if region:
        rows = [r for r in rows if r.partner.worldwide or region in r.partner.regions]
    if vetting:
        rows = [r for r in rows if r.vetting.valid == (vetting == "valid")]
    if public:
        rows = [r for r in rows if r.partner.public == (public == "yes")]
    return rows


def partner_find(uid: object) -> Partner | None:
    """The organisation `uid` (a UUID or its text), or None. The team may read every entry; the
    staff pages are behind `staff_required`."""
    try:
        return partners_with_load().filter(uid=str(uid)).first()
    except (ValueError, TypeError):
        return None


def partner_members(partner: Partner) -> QuerySet[User]:
    """The users who sign in for `partner`, active first."""
    return User.objects.filter(partner_membership__partner=partner).order_by(
        "-is_active", "username"
    )


def member_find(partner: Partner, user_id: int) -> User | None:
    member = PartnerMember.objects.filter(partner=partner, user_id=user_id).first()
    return member.user if member else None


def team_members() -> QuerySet[User]:
    """Active team members (admins and handlers), each with `may_override`: whether they hold
    the permission to ask to refer without consent (directly or through a group)."""
    users = User.objects.filter(
        is_active=True, role__in=(User.Role.ADMIN, User.Role.HANDLER)
    ).order_by("username")
    permission = Permission.objects.filter(
        codename="override_consent", content_type__app_label="partners"
    ).first()
    holders = User.objects.none()
    if permission is not None:
        holders = User.objects.filter(
            Q(user_permissions=permission) | Q(groups__permissions=permission)
        )
    holder_ids = holders.values("pk")
    return users.annotate(
        may_override=Case(
            When(pk__in=holder_ids, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def team_member_find(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def public_partners(filters: dict[str, Any], today: date) -> list[Partner]:
    """The public list: organisations that agreed to be listed (`public`) and whose vetting is
    valid `today`, filtered by the cleaned `PublicFilterForm` values. An organisation marked "do
    not refer" is left out too: the team would not send anyone there."""
    partners = [
        p
        for p in Partner.objects.filter(public=True, do_not_refer=False)
        .prefetch_related("vettings")
        .order_by("name")
        if p.vetting_valid_on(today)
    ]
    service, language, country = (filters.get(k) for k in ("service", "language", "country"))
    if service:
        partners = [p for p in partners if service in p.services]
    if language:
        partners = [p for p in partners if language in p.languages]
    if country:
        partners = [p for p in partners if _serves_country(p, country)]
    return partners


def public_languages(today: date) -> list[str]:
    """Every language at least one publicly listed organisation works in (the filter's list)."""
    return sorted({code for p in public_partners({}, today) for code in p.languages})
