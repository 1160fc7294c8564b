"""Reads on demands that need no key: THE definition of who may read one, the lists, the
clock's queries. A demand is read only by holders of the permission `demands.handle_demands`
(granted per user or group) who hold a wrap of its key."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission
from django.db.models import F, Q, QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.demands.models import Demand, DemandWrap
from rightsdesk.demands.vocabulary import OPEN, Notify

HANDLE = "handle_demands"


def may_handle(user: User) -> bool:
    return bool(user.is_active and user.is_team and user.has_perm(f"demands.{HANDLE}"))


def handlers() -> QuerySet[User]:
    """Active team members with a key who may handle demands: a new demand's key is wrapped to
    each of them."""
    perm = Permission.objects.filter(content_type__app_label="demands", codename=HANDLE)
    return (
        User.objects.filter(
            is_active=True,
            keyring__isnull=False,
            role__in=(User.Role.HANDLER, User.Role.ADMIN),
        )
        .filter(
            Q(user_permissions__in=perm) | Q(groups__permissions__in=perm) | Q(is_superuser=True)
        )
        .distinct()
        .order_by("username")
    )


def reader_wraps(user: User) -> QuerySet[DemandWrap]:
    """THE definition of "may read a demand": the user's own wraps, none once the user is
    inactive, not on the team, or no longer holds `handle_demands` (a wrap left behind opens
    nothing). The gate, the lists, the API and the clock's recipients ask through this."""
    if not may_handle(user):
        return DemandWrap.objects.none()
    return DemandWrap.objects.filter(user=user, kind=DemandWrap.Kind.USER)


def readable_demands(user: User) -> QuerySet[Demand]:
    """The demands `user` may read (clear metadata only): open ones first, nearest deadline."""
    return Demand.objects.filter(pk__in=reader_wraps(user).values("demand_id")).order_by(
        F("deadline").asc(nulls_last=True), "-received_on", "-id"
    )


def readers_of(demand: Demand) -> list[User]:
    """Who may read `demand` now (wrap holders who still hold the permission)."""
    holders = User.objects.filter(
        demand_wraps__demand=demand, demand_wraps__kind=DemandWrap.Kind.USER
    ).order_by("username")
    return [u for u in holders if may_handle(u)]


def open_demands() -> QuerySet[Demand]:
    return Demand.objects.filter(state__in=OPEN)


def deadlines_near(today: date, until: date) -> QuerySet[Demand]:
    """Open demands whose deadline is on or before `until` (passed ones included)."""
    return open_demands().filter(deadline__isnull=False, deadline__lte=until)


def delays_to_review(today: date) -> QuerySet[Demand]:
    """Delayed notifications whose review date has come and the user is not notified yet."""
    return Demand.objects.filter(
        notify=Notify.DELAY, notify_review_on__lte=today, user_notified_at__isnull=True
    )


def emergency_reviews_owed() -> QuerySet[Demand]:
    """Emergency disclosures decided on the fast path and not yet reviewed afterwards."""
    return Demand.objects.filter(fast_path=True, emergency_reviewed_at__isnull=True)


def grantable_users(demand: Demand) -> QuerySet[User]:
    """Holders of `handle_demands` with a key who cannot read `demand` yet."""
    return handlers().exclude(demand_wraps__demand=demand)
