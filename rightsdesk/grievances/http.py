"""The one HTTP shape of a handler's action on a grievance (like `cases.http.case_action`).

Signed-in staff (`staff_required`), POST only, the grievance through the gate (missing,
forbidden and recused: the same 404), the form bound and validated, one service call; then a
redirect to the grievance page with a message, or the page again with the reason and the
refusal's own status. A view is only which form and which service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.core.refusals import Refused
from rightsdesk.grievances.access import access_grievance, unlock_grievance
from rightsdesk.grievances.models import Grievance
from rightsdesk.grievances.page import render_grievance_page


@dataclass(frozen=True)
class GrievanceRequest:
    """An action's request after the gate: who asks, and the grievance they may read."""

    request: HttpRequest
    user: User
    grievance: Grievance

    def key(self) -> PrivateKey:
        return unlock_grievance(self.grievance, self.user, unlocked_key(self.request))


def grievance_action(
    form: type[forms.Form], *, kept_as: str
) -> Callable[[Callable[..., str]], Callable[..., HttpResponseBase]]:
    """Make `handler(action, data) -> message` a staff POST view on one grievance."""

    def decorate(handler: Callable[..., str]) -> Callable[..., HttpResponseBase]:
        @staff_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, number: str) -> HttpResponseBase:
            user = staff_user(request)
            grievance = access_grievance(user, number)
            bound = form(request.POST, auto_id=f"{kept_as}_%s")
            action = GrievanceRequest(request=request, user=user, grievance=grievance)
            if not bound.is_valid():
                return render_grievance_page(request, action, status=400, kept={kept_as: bound})
            try:
                message = handler(action, bound.cleaned_data)
            except Refused as refused:
                kept: dict[str, Any] = {kept_as: bound} if refused.keeps_input else {}
                return render_grievance_page(
                    request, action, status=refused.status, problem=refused.message, kept=kept
                )
            if message:
                messages.success(request, message)
            if not access_grievance_or_none(user, number):
                return redirect("grievances:staff_list")
            return redirect("grievances:staff_detail", number=number)

        return view

    return decorate


def access_grievance_or_none(user: User, number: str) -> Grievance | None:
    """Whether `user` may still read it after the action (a declared conflict ends that)."""
    try:
        return access_grievance(user, number)
    except Http404:
        return None
