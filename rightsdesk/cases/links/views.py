"""Staff pages that link and unlink cases (the "Linked cases" block of a case page).

Each is a `case_action`: the case comes through the access gate; the other case, the limit and
the audit are the service's (`links.services`). A refusal re-renders the case page with the
message, 400.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.cases.http import CaseRequest, Done, case_action
from rightsdesk.cases.links.forms import LinkForm
from rightsdesk.cases.links.services import case_link, case_unlink


@case_action(
    LinkForm, invalid=gettext_lazy("Give a case number and the kind of link."), anchor="links"
)
def case_link_view(action: CaseRequest, data: dict[str, Any]) -> Done:
    result = case_link(
        case=action.case, other_number=data["number"], kind=data["kind"], actor=action.user
    )
    if result.created:
        return Done(_("Cases linked."))
    if result.changed:
        return Done(_("Kind of link changed."))
    return Done(_("These cases were already linked like this."), level=messages.INFO)


@case_action(anchor="links")
def case_unlink_view(action: CaseRequest, data: dict[str, Any], other: str) -> Done:
    case_unlink(case=action.case, other_number=other, actor=action.user)
    return Done(_("Link removed."))
