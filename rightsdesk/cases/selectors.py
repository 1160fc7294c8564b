"""Reads on cases that need no key: who may read which case, lists of clear metadata."""

from __future__ import annotations

from django.db.models import QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, KeyWrap


def granted_cases(user: User) -> QuerySet[Case]:
    """The cases `user` holds a key wrap to: need-to-know, as a join driven by the wraps' index.
    The one definition of "may read" that the access gate, the lists and the queues share."""
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
