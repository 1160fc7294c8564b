"""Staff pages on cases. Every case is loaded through `access_case`; every read is audited."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import access_case
from rightsdesk.cases.crisis.services import crisis_close, decision_log, step_done
from rightsdesk.cases.models import Case, Crisis
from rightsdesk.cases.page import render_case_page


def _crisis_of(request: HttpRequest, number: str) -> tuple[Case, Crisis, User]:
    user = staff_user(request)
    case = access_case(user, number)
    crisis = Crisis.objects.filter(case=case).first()
    if crisis is None:
        raise Http404
    return case, crisis, user


@staff_required
@require_POST
def crisis_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    case, crisis, user = _crisis_of(request, number)
    step_done(crisis=crisis, step_id=step, actor=user)
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def crisis_decision(request: HttpRequest, number: str) -> HttpResponse:
    case, crisis, user = _crisis_of(request, number)
    text = request.POST.get("decision", "").strip()
    if not text or len(text) > 2000:
        return render_case_page(
            request, number, problem=_("Write the decision (up to 2,000 characters)."), status=400
        )
    decision_log(crisis=crisis, author=user, text=text)
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def crisis_close_view(request: HttpRequest, number: str) -> HttpResponse:
    case, crisis, user = _crisis_of(request, number)
    review = request.POST.get("review", "").strip()
    if not review or len(review) > 10_000:
        return render_case_page(
            request, number, problem=_("Closing a crisis needs a post-incident review."), status=400
        )
    crisis_close(crisis=crisis, actor=user, review=review)
    return redirect("cases:detail", number=case.number)
