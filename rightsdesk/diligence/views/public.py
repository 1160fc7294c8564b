"""The public recommendation tracker and its feed: published recommendations only, no
JavaScript, nothing from elsewhere. The published scales and rule are shown with it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rightsdesk.diligence import rules
from rightsdesk.diligence.selectors import public_history, published_recommendations
from rightsdesk.diligence.vocabulary import published_scales


@require_GET
def tracker(request: HttpRequest) -> HttpResponse:
    context = {
        "recommendations": published_recommendations(),
        "rule_text": rules.RULE_TEXT,
        "scales": published_scales(),
    }
    return render(request, "diligence/public/tracker.html", context)


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """Atom: one entry per dated status step of a published recommendation."""
    page = request.build_absolute_uri(reverse("diligence:tracker"))
    atom = Atom1Feed(
        title=_("Human-rights recommendations: status"),
        link=page,
        description=_("Each status change of a published recommendation."),
        language=request.LANGUAGE_CODE,
    )
    for update in public_history():
        recommendation = update.recommendation
        atom.add_item(
            title=f"{recommendation.title}: {update.get_status_display()}",
            link=f"{page}#r-{recommendation.uid}",
            description=update.note,
            unique_id=f"urn:rightsdesk:recommendation:{recommendation.uid}:{update.pk}",
            pubdate=update.at,
            updateddate=update.at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response
