"""Staff pages that triage a case: classify it, record vetting and the mandate check.

Every case is loaded through `access_case` (missing and forbidden: 404). A refusal shows the case
page again with the reason and what was typed, status 400 (409 when someone changed the case in the
meantime, with the current state); nothing is written.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.cases.access import access_case
from rightsdesk.cases.editing import EditRefused, StaleEdit
from rightsdesk.cases.page import render_case_page
from rightsdesk.cases.triage.forms import ClassificationForm, MandateForm, VettingForm
from rightsdesk.cases.triage.services import (
    ClassificationEdit,
    case_classify,
    mandate_record,
    vetting_record,
)


def _refused(
    request: HttpRequest,
    number: str,
    name: str,
    form: ClassificationForm | MandateForm | VettingForm,
    refused: EditRefused,
) -> HttpResponse:
    # A stale form is not shown again: the page shows the case as it is now.
    bound: dict[str, forms.Form] = {} if isinstance(refused, StaleEdit) else {name: form}
    return render_case_page(
        request, number, problem=refused.message, status=refused.status, bound=bound
    )


@staff_required
@require_POST
def case_classify_view(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = ClassificationForm(request.POST, auto_id="classify_%s")
    if not form.is_valid():
        return _refused(
            request,
            number,
            "classification",
            form,
            EditRefused(_("Choose only from the lists shown.")),
        )
    data = form.cleaned_data
    edit = ClassificationEdit(
        version=data["version"],
        threat_types=data["threat_types"],
        rights=data["rights"],
        actor_types=data["actor_types"],
        reasons=data["reasons"],
        affected=data["affected"],
    )
    try:
        case_classify(case=case, edit=edit, actor=user)
    except EditRefused as refused:
        return _refused(request, number, "classification", form, refused)
    messages.success(request, _("Classification saved."))
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_vetting_view(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = VettingForm(request.POST, auto_id="vetting_%s")
    if not form.is_valid():
        return _refused(
            request, number, "vetting", form, EditRefused(_("Choose a vetting outcome."))
        )
    try:
        vetting_record(
            case=case,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            actor=user,
        )
    except EditRefused as refused:
        return _refused(request, number, "vetting", form, refused)
    messages.success(request, _("Vetting recorded."))
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_mandate_view(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = MandateForm(request.POST, auto_id="mandate_%s")
    if not form.is_valid():
        return _refused(
            request, number, "mandate", form, EditRefused(_("The form was incomplete; try again."))
        )
    data = form.cleaned_data
    try:
        mandate_record(
            case=case,
            outcome=data["outcome"],
            note=data["note"],
            referral=data["referral"],
            version=data["version"],
            actor=user,
        )
    except EditRefused as refused:
        return _refused(request, number, "mandate", form, refused)
    if data["outcome"] == "out":
        messages.success(request, _("Out of mandate: the referral was sent to the reporter."))
    else:
        messages.success(request, _("Mandate check recorded."))
    return redirect("cases:detail", number=case.number)
