"""The staff page of one grievance: everything opened with the grievance key, and every form.

Used by the detail view and by `http.grievance_action` to show the page again with a refusal.
Call only after the gate (`access_grievance`): it unlocks the key and records the read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rightsdesk.grievances import stages
from rightsdesk.grievances.follow import appeal_window_end
from rightsdesk.grievances.forms import (
    AppealDecisionForm,
    GrantForm,
    LearningForm,
    MoveForm,
    RemedyDoneForm,
    RemedyForm,
    ReplyForm,
)
from rightsdesk.grievances.models import Appeal, Recusal, RegisterEntry
from rightsdesk.grievances.selectors import acted_on, may_review
from rightsdesk.grievances.services import grievance_open
from rightsdesk.grievances.vocabulary import STAGE_EXPLANATIONS, Stage

if TYPE_CHECKING:
    from rightsdesk.grievances.http import GrievanceRequest


def render_grievance_page(
    request: HttpRequest,
    action: GrievanceRequest,
    *,
    status: int = 200,
    problem: str = "",
    kept: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    kept = kept or {}
    grievance = action.grievance
    grievance.refresh_from_db()
    opened = grievance_open(grievance=grievance, key=action.key(), actor=action.user)
    appeal = Appeal.objects.filter(grievance=grievance).first()
    may_decide = (
        appeal is not None
        and appeal.decided_at is None
        and may_review(action.user)
        and action.user.pk not in acted_on(grievance)
    )
    learning = LearningForm(
        initial={
            "partner_advice": grievance.partner_advice,
            "learning": grievance.learning,
            "learning_ref": grievance.learning_ref,
        },
        auto_id="learning_%s",
    )
    moves = stages.next_moves(grievance.stage)
    following = moves[0][0] if moves else grievance.stage
    context: dict[str, Any] = {
        "opened": opened,
        "g": grievance,
        "problem": problem,
        "clock": stages.clock_of(grievance.stage, grievance.stage_due, timezone.now()),
        "explanation": STAGE_EXPLANATIONS[Stage(grievance.stage)],
        "next_moves": moves,
        "appeal_until": appeal_window_end(grievance),
        "may_decide_appeal": may_decide,
        "recusals": Recusal.objects.filter(grievance=grievance).select_related("user"),
        "register_entry": RegisterEntry.objects.filter(
            grievance=grievance, withdrawn_on__isnull=True
        ).first(),
        "move_form": kept.get("move")
        or MoveForm(
            initial={"from_stage": grievance.stage, "target": following}, auto_id="move_%s"
        ),
        "reply_form": kept.get("reply") or ReplyForm(auto_id="reply_%s"),
        "grant_form": kept.get("grant") or GrantForm(auto_id="grant_%s"),
        "learning_form": kept.get("learning") or learning,
        "remedy_form": kept.get("remedy") or RemedyForm(auto_id="remedy_%s"),
        "done_form": kept.get("done") or RemedyDoneForm(auto_id="done_%s"),
        "decision_form": kept.get("decision") or AppealDecisionForm(auto_id="decision_%s"),
    }
    return render(request, "grievances/staff/detail.html", context, status=status)
