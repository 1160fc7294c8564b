"""The admins' part of the directory: partner users (add one, showing its sign-in secrets once;
deactivate one), the permission to ask to refer without consent, and the HSDS import and export.

Each view asks `admin_user` first and each service calls `require_admin` again: a handler gets
the one 403 page that says the page is for admins, and nothing changes.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightsdesk.accounts.decorators import admin_user, staff_required
from rightsdesk.partners.directory import selectors
from rightsdesk.partners.directory.forms import HSDS_MAX_BYTES, ImportForm, MemberForm, OverrideForm
from rightsdesk.partners.directory.hsds import PackageInvalid
from rightsdesk.partners.directory.page import partner_or_404, partner_page_response
from rightsdesk.partners.directory.services import hsds_export, hsds_import, member_deactivate
from rightsdesk.partners.services.directory import (
    DirectoryRefused,
    member_add,
    override_permission_set,
)


@staff_required
@require_POST
def member_new(request: HttpRequest, uid: object) -> HttpResponse:
    """Create a partner user and show, once, the authenticator link (with its QR code, drawn as
    inline SVG: no script, no image from elsewhere) and the recovery code. Nothing is kept to
    show them again, so the answer is a page, not a redirect."""
    actor = admin_user(request)
    partner = partner_or_404(uid)
    form = MemberForm(request.POST, auto_id="member_%s")
    if not form.is_valid():
        return partner_page_response(request, partner, member_form=form, status=400)
    try:
        provisioned = member_add(
            actor=actor,
            partner=partner,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
    except ValidationError as error:
        return partner_page_response(
            request, partner, member_form=form, problem=" ".join(error.messages), status=400
        )
    qr = segno.make(provisioned.otpauth_uri, error="m").svg_inline(scale=4, omitsize=False)
    return render(
        request,
        "partners/directory/member_created.html",
        {"partner": partner, "provisioned": provisioned, "qr": qr},
        status=201,
    )


@staff_required
@require_POST
def member_off(request: HttpRequest, uid: object, user_id: int) -> HttpResponse:
    actor = admin_user(request)
    partner = partner_or_404(uid)
    user = selectors.member_find(partner, user_id)
    if user is None:
        raise Http404
    try:
        member_deactivate(actor=actor, partner=partner, user=user)
    except DirectoryRefused as refused:
        return partner_page_response(
            request, partner, problem=refused.message, status=refused.status
        )
    messages.success(request, _("%(name)s can no longer sign in.") % {"name": user.username})
    return redirect("partners:directory_partner", uid=partner.uid)


def _permissions_page(
    request: HttpRequest, *, problem: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "partners/directory/permissions.html",
        {"people": selectors.team_members(), "problem": problem},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def permissions(request: HttpRequest) -> HttpResponse:
    """Who may ask to refer without the volunteer's consent (a second team member approves)."""
    actor = admin_user(request)
    if request.method == "GET":
        return _permissions_page(request)
    form = OverrideForm(request.POST)
    person = selectors.team_member_find(str(request.POST.get("username", ""))[:150])
    if not form.is_valid() or person is None:
        return _permissions_page(
            request, problem=_("Choose a team member from the list."), status=400
        )
    try:
        override_permission_set(actor=actor, user=person, allowed=form.cleaned_data["allowed"])
    except DirectoryRefused as refused:
        return _permissions_page(request, problem=refused.message, status=refused.status)
    if form.cleaned_data["allowed"]:
        messages.success(
            request, _("%(name)s may now ask to refer without consent.") % {"name": person.username}
        )
    else:
        messages.success(
            request,
            _("%(name)s may no longer ask to refer without consent.") % {"name": person.username},
        )
    return redirect("partners:directory_permissions")


def _exchange_page(
    request: HttpRequest,
    form: ImportForm | None = None,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "partners/directory/exchange.html",
        {
            "form": form or ImportForm(),
            "errors": errors or [],
            "max_mb": HSDS_MAX_BYTES // 1_000_000,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def exchange(request: HttpRequest) -> HttpResponse:
    """The HSDS page: download the export; upload a package to import (a plain multipart form;
    the size limit is forms.HSDS_MAX_BYTES). An invalid package lists every problem by file and
    row, and nothing is imported."""
    actor = admin_user(request)
    if request.method == "GET":
        return _exchange_page(request)
    form = ImportForm(request.POST, request.FILES)
    problems = list(getattr(request, "upload_problems", []))
    if problems or not form.is_valid():
        return _exchange_page(request, form, errors=problems, status=400)
    package = form.cleaned_data["package"]
    try:
        data = (
            package.plaintext(HSDS_MAX_BYTES) if hasattr(package, "plaintext") else package.read()
        )
        result = hsds_import(actor=actor, data=data)
    except PackageInvalid as invalid:
        return _exchange_page(request, form, errors=invalid.errors, status=400)
    finally:
        if hasattr(package, "discard"):
            package.discard()
    messages.success(
        request,
        _("Imported: %(created)d new, %(updated)d updated, %(vettings)d vettings added.")
        % {"created": result.created, "updated": result.updated, "vettings": result.vettings},
    )
    return redirect("partners:directory")


@staff_required
def export(request: HttpRequest) -> HttpResponse:
    confidential = request.GET.get("confidential") == "1"
    data = hsds_export(actor=admin_user(request), confidential=confidential)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="partners-hsds.zip"'
    return response
