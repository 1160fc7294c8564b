"""The one HTTP shape of an action on a demand, like rightsdesk.diligence.http for assessments.

Signed-in staff, POST only, the demand through its gate (missing and forbidden: the same 404),
the form bound and validated, then one service call; a `Refused` (or an invalid form) shows the
demand page again with the reason, the refusal's status and what was typed.
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
from rightsdesk.demands.access import access_demand, unlock_demand
from rightsdesk.demands.models import Demand
from rightsdesk.demands.page import render_demand

INVALID = _("Some of what you entered needs fixing: see the messages by the fields.")


@dataclass(frozen=True)
class DemandRequest:
    """An action's request after the gate: who asks and the demand."""

    request: HttpRequest
    user: User
    demand: Demand

    def key(self) -> PrivateKey:
        return unlock_demand(self.demand, self.user, unlocked_key(self.request))


Handler = Callable[[DemandRequest, dict[str, Any]], str | Promise]


def demand_action(
    form: type[forms.Form] | None = None, *, kept_as: str = "", anchor: str = ""
) -> Callable[[Handler], Callable[..., HttpResponseBase]]:
    """Make `handler(action, data) -> message` a staff POST view on one demand."""

    def decorate(handler: Handler) -> Callable[..., HttpResponseBase]:
        @staff_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, uid: object) -> HttpResponseBase:
            user = staff_user(request)
            demand = access_demand(user, uid)
            action = DemandRequest(request, user, demand)
            key = action.key()
            bound = None
            if form is not None:
                bound = form(request.POST, auto_id=f"{kept_as or 'id'}_%s")
                if not bound.is_valid():
                    kept = {kept_as: bound} if kept_as else {}
                    return render_demand(
                        request, demand, key, user, bound=kept, problem=str(INVALID), status=400
                    )
            try:
                message = handler(action, bound.cleaned_data if bound is not None else {})
            except Refused as refused:
                kept = {kept_as: bound} if kept_as and bound and refused.keeps_input else {}
                demand.refresh_from_db()
                return render_demand(
                    request,
                    demand,
                    key,
                    user,
                    bound=kept,
                    problem=refused.message,
                    status=refused.status,
                )
            messages.success(request, str(message))
            page = reverse("demands:demand", args=[demand.uid])
            return redirect(f"{page}#{anchor}" if anchor else page)

        return view

    return decorate
