"""Writes on the public recommendation tracker. What is written here is published text: the
forms say so beside every field."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.core.db import write_transaction
from rightsdesk.diligence.models import Assessment, Recommendation, RecommendationUpdate
from rightsdesk.diligence.services.common import DiligenceRefused, audit, check_version
from rightsdesk.diligence.vocabulary import RecommendationStatus


def recommendation_add(
    *,
    assessment: Assessment,
    actor: User,
    title: str,
    summary: str,
    published: bool,
    now: datetime,
) -> Recommendation:
    """A recommendation of `assessment`, not started; on the public page once `published`."""
    if not title.strip():
        raise DiligenceRefused(_("A recommendation needs a title."))
    with write_transaction():
        recommendation = Recommendation.objects.create(
            assessment=assessment,
            title=title,
            summary=summary,
            published=published,
            status_since=now,
        )
        RecommendationUpdate.objects.create(
            recommendation=recommendation,
            status=RecommendationStatus.NOT_STARTED,
            at=now,
            by=actor,
        )
        audit(assessment, "recommendation.add", actor, detail=str(recommendation.uid))
    return recommendation


def recommendation_status(
    *,
    recommendation: Recommendation,
    actor: User,
    status: str,
    note: str,
    publish: bool,
    now: datetime,
    version: int | None = None,
) -> None:
    """A new status with a dated, public note. Declining needs its reasons."""
    if status not in RecommendationStatus.values:
        raise DiligenceRefused(_("That is not a status of a recommendation."))
    if status == RecommendationStatus.DECLINED and not note.strip():
        raise DiligenceRefused(_("Declining a recommendation needs the reasons, in the note."))
    with write_transaction():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        check_version(current.version, version)
        current.status = status
        current.status_since = now
        current.published = current.published or publish
        current.version += 1
        current.save()
        RecommendationUpdate.objects.create(
            recommendation=current, status=status, at=now, note=note, by=actor
        )
        audit(current.assessment, f"recommendation.{status}", actor, detail=str(current.uid))
