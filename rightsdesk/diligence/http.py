"""The one HTTP shape of an action on an assessment, like rightsdesk.cases.http for cases.

Signed-in staff, POST only, the assessment through its gate (missing and forbidden: the same
404), a row inside it through its own gate when the URL names one, the form bound and validated,
then one service call; a `Refused` (or an invalid form) shows the assessment page again with the
reason, the refusal's status and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.core.refusals import Refused
from rightsdesk.diligence.access import access_assessment, unlock_assessment
from rightsdesk.diligence.models import Assessment
from rightsdesk.diligence.page import render_assessment
from rightsdesk.diligence.selectors import readable_assessments

INVALID = _("Some of what you entered needs fixing: see the messages by the fields.")


@dataclass(frozen=True)
class AssessmentRequest:
    """An action's request after the gate: who asks, the assessment, the row the URL names."""

    request: HttpRequest
    user: User
    assessment: Assessment
    row: Any = None

    def key(self) -> PrivateKey:
        return unlock_assessment(self.assessment, self.user, unlocked_key(self.request))


Handler = Callable[[AssessmentRequest, dict[str, Any]], str | Promise]
Loader = Callable[[User, object, object], Any]


def assessment_action(
    form: type[forms.Form] | None = None,
    *,
    kept_as: str = "",
    row: Loader | None = None,
    anchor: str = "",
) -> Callable[[Handler], Callable[..., HttpResponseBase]]:
    """Make `handler(action, data) -> message` a staff POST view on one assessment. `row` loads
    the row the URL's `row` names through its gate (`access_impact`, ...)."""

    def decorate(handler: Handler) -> Callable[..., HttpResponseBase]:
        @staff_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, uid: object, **kwargs: Any) -> HttpResponseBase:
            user = staff_user(request)
            assessment = access_assessment(user, uid)
            found = row(user, uid, kwargs["row"]) if row is not None else None
            action = AssessmentRequest(request, user, assessment, found)
            # A form of one row (a mitigation of this impact) is shown again by that row.
            kept_key = f"{kept_as}:{found.uid}" if kept_as and found is not None else kept_as
            bound = None
            if form is not None:
                bound = form(request.POST, auto_id=f"{kept_as or 'id'}_%s")
                if not bound.is_valid():
                    kept = {kept_key: bound} if kept_key else {}
                    return render_assessment(
                        request,
                        assessment,
                        action.key(),
                        user,
                        bound=kept,
                        problem=str(INVALID),
                        status=400,
                    )
            try:
                message = handler(action, bound.cleaned_data if bound is not None else {})
            except Refused as refused:
                kept = {kept_key: bound} if kept_key and bound and refused.keeps_input else {}
                assessment.refresh_from_db()
                return render_assessment(
                    request,
                    assessment,
                    action.key(),
                    user,
                    bound=kept,
                    problem=refused.message,
                    status=refused.status,
                )
            messages.success(request, str(message))
            if not readable_assessments(user).filter(pk=assessment.pk).exists():
                # Whoever removed their own access can no longer open the page.
                return redirect("diligence:home")
            page = reverse("diligence:assessment", args=[assessment.uid])
            return redirect(f"{page}#{anchor}" if anchor else page)

        return view

    return decorate
