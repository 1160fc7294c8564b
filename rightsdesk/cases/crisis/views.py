"""Staff actions on a case's crisis: tick a checklist step, log a decision, close with a review.

Each is a `case_action` (the case through the access gate); a case without a crisis answers 404,
like a case that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.cases.crisis.forms import CloseForm, DecisionForm
from rightsdesk.cases.crisis.selectors import crisis_of
from rightsdesk.cases.crisis.services import crisis_close, decision_log, step_done
from rightsdesk.cases.http import CaseRequest, Confirmation, Done, case_action
from rightsdesk.cases.models import Crisis


def _crisis(action: CaseRequest) -> Crisis:
    crisis = crisis_of(action.case)
    if crisis is None:
        raise Http404
    return crisis


@case_action(anchor="crisis")
def crisis_step(action: CaseRequest, data: dict[str, Any], step: str) -> Done:
    step_done(crisis=_crisis(action), step_id=step, actor=action.user)
    return Done(_("Step done."))


@case_action(
    DecisionForm,
    invalid=gettext_lazy("Write the decision (up to 2,000 characters)."),
    anchor="crisis",
)
def crisis_decision(action: CaseRequest, data: dict[str, Any]) -> Done:
    decision_log(crisis=_crisis(action), author=action.user, text=data["decision"])
    return Done(_("Decision logged."))


def _closing_crisis(data: dict[str, Any]) -> Confirmation:
    return Confirmation(
        title=_("Close the crisis response?"),
        consequences=[
            _("The checklist and the decision log are frozen: no step can be ticked any more."),
            _("The post-incident review is kept with the case, sealed to its readers."),
        ],
        button=_("Yes, close the crisis"),
    )


@case_action(
    CloseForm,
    invalid=gettext_lazy("Closing a crisis needs a post-incident review."),
    confirm=_closing_crisis,
    anchor="crisis",
)
def crisis_close_view(action: CaseRequest, data: dict[str, Any]) -> Done:
    crisis_close(crisis=_crisis(action), actor=action.user, review=data["review"])
    return Done(_("Crisis closed."))
