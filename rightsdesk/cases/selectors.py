"""Reads on cases that need no key: who may read which case, lists of clear metadata."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, KeyWrap


def reader_wraps(user: User) -> QuerySet[KeyWrap]:
    """THE definition of "may read a case": the key wraps of kind USER that `user` holds, and none
    at all once `user` is inactive. The access gate, the queues, links, editing, grants and search
    all ask through this function (or the helpers below, which are built on it), so they cannot
    disagree; a test keeps views from asking the models directly. A partner organisation's user
    never reads a case, whatever the table holds (they read referral packets only)."""
    if not user.is_active or not user.is_team:
        return KeyWrap.objects.none()
    return KeyWrap.objects.filter(user=user, kind=KeyWrap.Kind.USER)


def may_read(user: User, case: Case) -> bool:
    """Whether `user` may read `case` (one indexed probe)."""
    return reader_wraps(user).filter(case=case).exists()


def readable_case_ids(user: User) -> QuerySet[KeyWrap, Any]:
    """The ids of the cases `user` may read, as a subquery (`case_id__in=...`)."""
    return reader_wraps(user).values("case_id")


def readable_here(user: User, case_field: str = "pk") -> Exists:
    """An `Exists` that is true where `user` may read the case at `case_field` of the outer
    query: for annotations and filters that must stay one query (the queues)."""
    return Exists(reader_wraps(user).filter(case=OuterRef(case_field)))


def granted_cases(user: User) -> QuerySet[Case]:
    """The cases `user` may read: need-to-know, as a join driven by the wraps' index."""
    if not user.is_active or not user.is_team:
        return Case.objects.none()
    return Case.objects.filter(wraps__user=user, wraps__kind=KeyWrap.Kind.USER)


def readers_of(case: Case) -> QuerySet[User]:
    """The team members holding a key wrap to `case`."""
    return User.objects.filter(case_wraps__case=case, case_wraps__kind=KeyWrap.Kind.USER)


def cases_for(user: User) -> QuerySet[Case]:
    """The cases granted to `user`, newest first, emergencies on top. Metadata only."""
    return granted_cases(user).order_by("-emergency", "-created_on", "-id").distinct()


def grantable_users(case: Case) -> list[User]:
    """Active team members with a key who do not yet have access (for the grant form)."""
    granted = KeyWrap.objects.filter(case=case, kind=KeyWrap.Kind.USER).values("user_id")
    return list(
        User.objects.filter(
            is_active=True, role__in=(User.Role.HANDLER, User.Role.ADMIN), keyring__isnull=False
        )
        .exclude(pk__in=granted)
        .order_by("username")
    )


def readers(case: Case) -> list[User]:
    return list(readers_of(case).order_by("username"))
