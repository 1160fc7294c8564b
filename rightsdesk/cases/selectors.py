"""Reads on cases that need no key: lists of clear metadata."""

from __future__ import annotations

from django.db.models import QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, KeyWrap


def cases_for(user: User) -> QuerySet[Case]:
    """The cases granted to `user`, newest first, emergencies on top. Metadata only."""
    return (
        Case.objects.filter(wraps__kind=KeyWrap.Kind.USER, wraps__user=user)
        .order_by("-emergency", "-created_on", "-id")
        .distinct()
    )
