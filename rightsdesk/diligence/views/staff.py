"""Staff pages of due diligence: the list and the owner's work, one assessment, its report, the
register as CSV and the heat map. Every page that names an assessment goes through its gate."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.core.downloads import download_response
from rightsdesk.core.files import stream_stored
from rightsdesk.core.refusals import Refused
from rightsdesk.diligence import rules
from rightsdesk.diligence.access import access_assessment, access_evidence, unlock_assessment
from rightsdesk.diligence.forms import AssessmentForm
from rightsdesk.diligence.page import render_assessment
from rightsdesk.diligence.reports import heat_map, register_csv
from rightsdesk.diligence.selectors import (
    my_overdue_mitigations,
    my_reopened,
    my_reviews_due,
    readable_assessments,
)
from rightsdesk.diligence.services.assessments import (
    assessment_create,
    assessment_open,
    evidence_key,
)
from rightsdesk.diligence.services.register import register_open
from rightsdesk.diligence.vocabulary import published_scales


@staff_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponseBase:
    """The assessments this person may read, what needs them, and a new assessment."""
    user = staff_user(request)
    form = AssessmentForm(request.POST or None, auto_id="new_%s")
    problem = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = assessment_create(
                actor=user,
                title=data["title"],
                subject_kind=data["subject_kind"],
                owner=data["owner"],
                scope=data["scope"],
                now=timezone.now(),
                watched_rights=data["watched_rights"],
                watched_threats=data["watched_threats"],
                review_months=data["review_months"],
            )
        except Refused as refused:
            problem = refused.message
        else:
            messages.success(request, _("Assessment created. Start with phase 1."))
            return redirect("diligence:assessment", assessment.uid)
    today = timezone.localdate()
    context = {
        "assessments": readable_assessments(user).select_related("owner"),
        "overdue": my_overdue_mitigations(user, today),
        "reopened": my_reopened(user),
        "due": my_reviews_due(user, today),
        "form": form,
        "problem": problem,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "diligence/home.html", context, status=status)


@staff_required
@require_GET
def assessment(request: HttpRequest, uid: object) -> HttpResponse:
    user = staff_user(request)
    found = access_assessment(user, uid)
    key = unlock_assessment(found, user, unlocked_key(request))
    return render_assessment(request, found, key, user)


@staff_required
@require_GET
def report(request: HttpRequest, uid: object) -> HttpResponse:
    """The assessment report, structured like the guidance's reporting phase; prints to PDF."""
    user = staff_user(request)
    found = access_assessment(user, uid)
    key = unlock_assessment(found, user, unlocked_key(request))
    opened = assessment_open(assessment=found, key=key, actor=user)
    rows = register_open(assessment=found, key=key, actor=user, today=timezone.localdate())
    context = {
        "assessment": found,
        "opened": opened,
        "register": rows,
        "heat_map": heat_map(rows),
        "residual_map": heat_map(rows, residual=True),
        "rule_text": rules.RULE_TEXT,
        "band_labels": rules.BAND_LABELS,
        "recommendations": list(found.recommendations.all()),
        "scales": published_scales(),
    }
    return render(request, "diligence/report.html", context)


@staff_required
@require_GET
def register_download(request: HttpRequest, uid: object) -> HttpResponseBase:
    user = staff_user(request)
    found = access_assessment(user, uid)
    key = unlock_assessment(found, user, unlocked_key(request))
    rows = register_open(assessment=found, key=key, actor=user, today=timezone.localdate())
    data = register_csv(rows).encode()
    return download_response(f"register-{found.uid}.csv", "text/csv", iter([data]))


@staff_required
@require_GET
def heat_map_svg(request: HttpRequest, uid: object) -> HttpResponse:
    user = staff_user(request)
    found = access_assessment(user, uid)
    key = unlock_assessment(found, user, unlocked_key(request))
    rows = register_open(assessment=found, key=key, actor=user, today=timezone.localdate())
    residual = request.GET.get("residual") == "1"
    response = HttpResponse(heat_map(rows, residual=residual), content_type="image/svg+xml")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
@require_GET
def evidence_download(request: HttpRequest, uid: object, row: object) -> HttpResponseBase:
    user = staff_user(request)
    evidence = access_evidence(user, uid, row)
    key = unlock_assessment(evidence.assessment, user, unlocked_key(request))
    file_key, meta = evidence_key(evidence=evidence, key=key, actor=user)
    stream = stream_stored(str(evidence.uid), file_key)
    return download_response(str(meta.get("name", "evidence")), str(meta.get("mime", "")), stream)
