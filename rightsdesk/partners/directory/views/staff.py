"""The team's directory pages under /staff/partners/ (every one behind `staff_required`: a
partner user gets the plain 404 of an address that does not exist).

Views parse with a form, call one service, render. Bad input shows the page again with the
message and status 400; a stale edit shows the organisation as it is now with status 409.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.cases.oncall.workhours import known_zones
from rightsdesk.partners.directory import selectors
from rightsdesk.partners.directory.forms import (
    CapacityForm,
    DirectoryFilterForm,
    NotesForm,
    PartnerForm,
    VettingForm,
    partner_initial,
)
from rightsdesk.partners.directory.page import partner_or_404, partner_page_response, today
from rightsdesk.partners.directory.performance import partner_performance
from rightsdesk.partners.directory.services import capacity_confirm, notes_save
from rightsdesk.partners.models import Partner
from rightsdesk.partners.services.directory import (
    DirectoryRefused,
    DirectoryStale,
    partner_save,
    vetting_record,
)


@staff_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = 400 if form.is_bound and not form.is_valid() else 200
    rows = selectors.directory_rows(filters, today())
    return render(
        request,
        "partners/directory/list.html",
        {"form": form, "rows": rows, "today": today()},
        status=status,
    )


def _form_page(
    request: HttpRequest,
    form: PartnerForm,
    partner: Partner | None,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "partners/directory/edit.html",
        {"form": form, "partner": partner, "problem": problem, "zones": sorted(known_zones())},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def partner_new(request: HttpRequest) -> HttpResponse:
    actor = staff_user(request)
    if request.method == "GET":
        return _form_page(request, PartnerForm(), None)
    form = PartnerForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    try:
        partner = partner_save(actor=actor, values=form.values())
    except DirectoryRefused as refused:
        return _form_page(request, form, None, problem=refused.message, status=refused.status)
    messages.success(request, _("%(name)s was added to the directory.") % {"name": partner.name})
    return redirect("partners:directory_partner", uid=partner.uid)


@staff_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, uid: object) -> HttpResponse:
    actor = staff_user(request)
    partner = partner_or_404(uid)
    if request.method == "GET":
        return _form_page(request, PartnerForm(initial=partner_initial(partner)), partner)
    form = PartnerForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, partner, status=400)
    version = form.cleaned_data.get("version")
    try:
        partner_save(
            actor=actor,
            partner=partner,
            values=form.values(),
            version=-1 if version is None else version,
        )
    except DirectoryStale as stale:
        fresh = PartnerForm(initial=partner_initial(partner_or_404(uid)))
        return _form_page(request, fresh, partner, problem=stale.message, status=stale.status)
    except DirectoryRefused as refused:
        return _form_page(request, form, partner, problem=refused.message, status=refused.status)
    messages.success(request, _("Saved."))
    return redirect("partners:directory_partner", uid=partner.uid)


@staff_required
def partner_page(request: HttpRequest, uid: object) -> HttpResponse:
    return partner_page_response(request, partner_or_404(uid))


@staff_required
@require_POST
def vetting_add(request: HttpRequest, uid: object) -> HttpResponse:
    actor = staff_user(request)
    partner = partner_or_404(uid)
    form = VettingForm(request.POST, auto_id="vetting_%s")
    if not form.is_valid():
        return partner_page_response(request, partner, vetting_form=form, status=400)
    data = form.cleaned_data
    try:
        vetting_record(
            actor=actor,
            partner=partner,
            vetted_on=data["vetted_on"],
            expires_on=data["expires_on"],
            vouched_by=data["vouched_by"],
            evidence=data["evidence"],
        )
    except DirectoryRefused as refused:
        return partner_page_response(
            request, partner, vetting_form=form, problem=refused.message, status=refused.status
        )
    messages.success(request, _("The vetting was recorded."))
    return redirect("partners:directory_partner", uid=partner.uid)


@staff_required
@require_POST
def capacity(request: HttpRequest, uid: object) -> HttpResponse:
    actor = staff_user(request)
    partner = partner_or_404(uid)
    form = CapacityForm(request.POST, auto_id="capacity_%s")
    if not form.is_valid():
        return partner_page_response(request, partner, capacity_form=form, status=400)
    try:
        capacity_confirm(
            actor=actor,
            partner=partner,
            capacity=form.cleaned_data["capacity"],
            version=form.cleaned_data["version"],
            today=today(),
        )
    except DirectoryRefused as refused:
        kept = form if refused.keeps_input else None
        return partner_page_response(
            request, partner, capacity_form=kept, problem=refused.message, status=refused.status
        )
    messages.success(request, _("Capacity confirmed today."))
    return redirect("partners:directory_partner", uid=partner.uid)


@staff_required
@require_POST
def notes(request: HttpRequest, uid: object) -> HttpResponse:
    actor = staff_user(request)
    partner = partner_or_404(uid)
    form = NotesForm(request.POST, auto_id="notes_%s")
    if not form.is_valid():
        return partner_page_response(request, partner, notes_form=form, status=400)
    try:
        notes_save(
            actor=actor,
            partner=partner,
            notes=form.cleaned_data["notes"],
            version=form.cleaned_data["version"],
        )
    except DirectoryRefused as refused:
        kept = form if refused.keeps_input else None
        return partner_page_response(
            request, partner, notes_form=kept, problem=refused.message, status=refused.status
        )
    messages.success(request, _("The notes were saved."))
    return redirect("partners:directory_partner", uid=partner.uid)


@staff_required
def performance(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/directory/performance.html", {"rows": partner_performance()})
