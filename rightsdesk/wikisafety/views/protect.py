"""Protecting a volunteer of a case: the form (names, account names, addresses, numbers,
photos, with consent recorded) and withdrawing. Every address names a case and goes through its
gate first (`access_case`): a case the user may not read answers like one that does not exist."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.cases.access import access_case
from rightsdesk.cases.models import Case
from rightsdesk.core.files import uploads_of
from rightsdesk.core.refusals import Refused
from rightsdesk.wikisafety.protection.forms import PhotoRefused, ProtectForm, photo_hashes
from rightsdesk.wikisafety.protection.selectors import volunteer_of, volunteers_of
from rightsdesk.wikisafety.protection.services import (
    ENDED,
    Consent,
    protect,
    protection_withdraw,
)
from rightsdesk.wikisafety.vocabulary import ConsentMeans

PHOTOS = "photos"


def _page(
    request: HttpRequest, case: Case, form: ProtectForm, problem: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "case": case,
        "form": form,
        "problem": problem,
        "volunteers": volunteers_of(case.pk),
        "open": case.status not in ENDED,
    }
    return render(request, "wikisafety/protect/page.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def protect_page(request: HttpRequest, number: str) -> HttpResponseBase:
    """Register what must never be published about a volunteer of this case."""
    user = staff_user(request)
    case = access_case(user, number)
    if request.method == "GET":
        return _page(request, case, ProtectForm(auto_id="protect_%s"))
    form = ProtectForm(request.POST, auto_id="protect_%s")
    uploads = uploads_of(request, PHOTOS)
    try:
        photos = photo_hashes(uploads)
    except PhotoRefused as refused:
        return _page(request, case, form, str(refused), status=400)
    if not form.is_valid():
        problem = _("Some of what you entered needs fixing: see the messages by the fields.")
        return _page(request, case, form, problem, status=400)
    try:
        protect(
            case=case,
            actor=user,
            entries=form.entries(photos),
            consent=Consent(
                given_at=form.cleaned_data["consent_given_at"],
                means=ConsentMeans(form.cleaned_data["consent_means"]),
            ),
        )
    except Refused as refused:
        return _page(request, case, form, refused.message, status=400)
    messages.success(
        request, _("The volunteer is protected: every new edit is checked from now on.")
    )
    return redirect("wikisafety_protect:page", case.number)


@staff_required
@require_POST
def withdraw(request: HttpRequest, number: str, uid: UUID) -> HttpResponseBase:
    """Stop protecting one volunteer of the case (consent withdrawn, danger over)."""
    user = staff_user(request)
    case = access_case(user, number)
    volunteer = volunteer_of(case.pk, uid)
    if volunteer is None:
        raise Http404
    try:
        protection_withdraw(volunteer=volunteer, actor=user)
    except Refused as refused:
        return _page(request, case, ProtectForm(auto_id="protect_%s"), refused.message, 400)
    messages.success(request, _("Protection withdrawn: the registered digests are deleted."))
    return redirect("wikisafety_protect:page", case.number)
