"""Reads on due diligence that need no key: who may read which assessment, lists of clear
metadata, the owner's work, the public tracker."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.diligence.models import (
    Assessment,
    AssessmentWrap,
    Impact,
    Mitigation,
    Recommendation,
    RecommendationUpdate,
)
from rightsdesk.diligence.vocabulary import MITIGATION_OPEN, AssessmentState


def reader_wraps(user: User) -> QuerySet[AssessmentWrap]:
    """THE definition of "may read an assessment": the wraps of kind USER that `user` holds, and
    none once `user` is inactive or not on the team (a partner never reads one). The gate, the
    lists, the API and the owner's page all ask through this function."""
    if not user.is_active or not user.is_team:
        return AssessmentWrap.objects.none()
    return AssessmentWrap.objects.filter(user=user, kind=AssessmentWrap.Kind.USER)


def readable_assessments(user: User) -> QuerySet[Assessment]:
    """The assessments `user` may read (clear metadata only), next review first."""
    return Assessment.objects.filter(pk__in=reader_wraps(user).values("assessment_id"))


def readers_of(assessment: Assessment) -> QuerySet[User]:
    return User.objects.filter(
        assessment_wraps__assessment=assessment, assessment_wraps__kind=AssessmentWrap.Kind.USER
    ).order_by("username")


def grantable_users(assessment: Assessment) -> QuerySet[User]:
    """Active team members with a key who cannot read `assessment` yet."""
    return (
        User.objects.filter(
            is_active=True, role__in=(User.Role.HANDLER, User.Role.ADMIN), keyring__isnull=False
        )
        .exclude(pk__in=readers_of(assessment).values("pk"))
        .order_by("username")
    )


def impacts_of(assessment: Assessment) -> list[Impact]:
    return list(assessment.impacts.prefetch_related("mitigations__owner"))


def my_overdue_mitigations(user: User, today: date) -> QuerySet[Mitigation]:
    """Open mitigations `user` owns that are past due, in assessments they may read."""
    return (
        Mitigation.objects.filter(
            owner=user,
            state__in=MITIGATION_OPEN,
            due_on__lt=today,
            impact__assessment__in=readable_assessments(user),
        )
        .select_related("impact__assessment")
        .order_by("due_on", "id")
    )


def owned_overdue_mitigations(user: User, today: date) -> QuerySet[Mitigation]:
    """Open mitigations `user` owns that are past due, whether or not they may still read the
    assessment (their access may have been taken away since): clear metadata only. Whoever
    shows a title checks the assessment through the gate first (rightsdesk.diligence.panels)."""
    return (
        Mitigation.objects.filter(owner=user, state__in=MITIGATION_OPEN, due_on__lt=today)
        .select_related("impact__assessment")
        .order_by("due_on", "id")
    )


def my_reopened(user: User) -> QuerySet[Assessment]:
    return readable_assessments(user).filter(owner=user, state=AssessmentState.REOPENED)


def my_reviews_due(user: User, today: date) -> QuerySet[Assessment]:
    return readable_assessments(user).filter(owner=user, next_review__lte=today)


def published_recommendations() -> QuerySet[Recommendation]:
    """What the public tracker shows: published recommendations and their history."""
    return (
        Recommendation.objects.filter(published=True)
        .select_related("assessment")
        .prefetch_related("updates")
        .order_by("assessment__created_at", "id")
    )


def public_history(limit: int = 50) -> QuerySet[RecommendationUpdate]:
    """The newest steps of published recommendations, for the feed."""
    return (
        RecommendationUpdate.objects.filter(recommendation__published=True)
        .select_related("recommendation")
        .order_by("-at", "-id")[:limit]
    )
