"""Staff pages that link and unlink cases (the "Linked cases" block of a case page).

Thin: the case is loaded through `access_case`; the other case, the limit and the audit are the
service's (`rightsdesk.cases.links`). A refusal re-renders the case page with the message, 400.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.cases.access import access_case
from rightsdesk.cases.links.forms import LinkForm
from rightsdesk.cases.links.services import LinkRefused, case_link, case_unlink
from rightsdesk.cases.page import render_case_page


@staff_required
@require_POST
def case_link_view(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return render_case_page(
            request, number, problem=_("Give a case number and the kind of link."), status=400
        )
    try:
        result = case_link(
            case=case,
            other_number=form.cleaned_data["number"],
            kind=form.cleaned_data["kind"],
            actor=user,
        )
    except LinkRefused as refused:
        return render_case_page(request, number, problem=refused.message, status=400)
    if result.created:
        messages.success(request, _("Cases linked."))
    elif result.changed:
        messages.success(request, _("Kind of link changed."))
    else:
        messages.info(request, _("These cases were already linked like this."))
    return redirect("cases:detail", number=case.number)


@staff_required
@require_POST
def case_unlink_view(request: HttpRequest, number: str, other: str) -> HttpResponse:
    user = staff_user(request)
    case = access_case(user, number)
    try:
        case_unlink(case=case, other_number=other, actor=user)
    except LinkRefused as refused:
        return render_case_page(request, number, problem=refused.message, status=400)
    messages.success(request, _("Link removed."))
    return redirect("cases:detail", number=case.number)
