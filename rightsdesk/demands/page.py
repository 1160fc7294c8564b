"""The demand page: everything a reader sees of one demand, opened with its key, what the
published rules allow next, and the forms bound to what was typed when an action was refused.
Call after `access_demand`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.demands import forms as f
from rightsdesk.demands import rules
from rightsdesk.demands.models import Demand
from rightsdesk.demands.selectors import readers_of
from rightsdesk.demands.services.common import facts_of
from rightsdesk.demands.services.demands import demand_open
from rightsdesk.demands.vocabulary import CONTENT_ALTERATION, DISCLOSING, ReviewItem, State


def default_message(request: HttpRequest) -> str:
    """The notice to the user, by default: what happened and where legal support is (the
    public list of partners at /support/)."""
    support = request.build_absolute_uri(reverse("partners:support"))
    return _(
        "We received a demand from an authority for information about your account. We have "
        "not disclosed anything yet. You may want to seek legal advice: organisations that "
        "can help are listed at %(support)s"
    ) % {"support": support}


def blank_forms(request: HttpRequest, demand: Demand) -> dict[str, forms.Form]:
    version = {"version": demand.version}
    return {
        "move": f.MoveForm(initial=version, auto_id="move_%s"),
        "review": f.ReviewForm(auto_id="review_%s"),
        "approve": f.ApproveForm(auto_id="approve_%s"),
        "decide": f.DecideForm(initial=version, auto_id="decide_%s"),
        "notification": f.NotificationForm(
            initial={**version, "choice": "notify", "message": default_message(request)},
            auto_id="notification_%s",
        ),
        "notified": f.NotifiedForm(initial=version, auto_id="notified_%s"),
        "notice": f.NoticeForm(auto_id="notice_%s"),
        "dsa": f.DsaForm(auto_id="dsa_%s"),
        "grant": f.GrantForm(demand=demand, auto_id="grant_%s"),
    }


def render_demand(
    request: HttpRequest,
    demand: Demand,
    key: Any,
    user: User,
    *,
    bound: dict[str, forms.Form] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    opened = demand_open(demand=demand, key=key, actor=user)
    facts = facts_of(demand)
    page_forms = blank_forms(request, demand) | (bound or {})
    moves = rules.next_moves(facts)
    page_forms["move"].fields["to"].choices = [  # type: ignore[attr-defined]
        (s, State(s).label) for s in moves
    ]
    checklist = [(item, opened.review.get(item.value)) for item in ReviewItem]
    context = {
        "demand": demand,
        "opened": opened,
        "facts": facts,
        "moves": moves,
        "may_decide": rules.may_decide(facts),
        "checklist": checklist,
        "approvals": list(demand.approvals.select_related("reviewer")),
        "readers": readers_of(demand),
        "forms": page_forms,
        "problem": problem,
        "owed": demand.fast_path and demand.emergency_reviewed_at is None,
        "content_change": bool(set(demand.asks) & CONTENT_ALTERATION)
        and demand.decision in DISCLOSING,
    }
    return render(request, "demands/demand.html", context, status=status)
