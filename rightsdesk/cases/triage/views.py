"""Staff pages that triage a case: classify it, record vetting and the mandate check.

Each is a `case_action` (the access gate, the form, the service; missing and forbidden: 404). A
refusal shows the case page again with the reason and what was typed, status 400 (409 when someone
changed the case in the meantime, with the current state); nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rightsdesk.cases.http import CaseRequest, Confirmation, Done, case_action
from rightsdesk.cases.triage.forms import ClassificationForm, MandateForm, VettingForm
from rightsdesk.cases.triage.services import (
    ClassificationEdit,
    case_classify,
    mandate_record,
    vetting_record,
)


@case_action(
    ClassificationForm,
    kept_as="classification",
    auto_id="classify_%s",
    invalid=gettext_lazy("Choose only from the lists shown."),
    anchor="triage",
)
def case_classify_view(action: CaseRequest, data: dict[str, Any]) -> Done:
    edit = ClassificationEdit(
        version=data["version"],
        threat_types=data["threat_types"],
        rights=data["rights"],
        actor_types=data["actor_types"],
        reasons=data["reasons"],
        affected=data["affected"],
    )
    case_classify(case=action.case, edit=edit, actor=action.user)
    return Done(_("Classification saved."))


@case_action(
    VettingForm,
    kept_as="vetting",
    invalid=gettext_lazy("Choose a vetting outcome."),
    anchor="vetting",
)
def case_vetting_view(action: CaseRequest, data: dict[str, Any]) -> Done:
    vetting_record(case=action.case, outcome=data["outcome"], note=data["note"], actor=action.user)
    return Done(_("Vetting recorded."))


def _referring(data: dict[str, Any]) -> Confirmation | None:
    if data["outcome"] != "out":
        return None
    return Confirmation(
        title=_("Out of mandate: send the referral to the reporter?"),
        consequences=[
            _("The referral is sent to the reporter's inbox at once; it cannot be taken back."),
            _("The case moves to “out of mandate” and leaves the open queues."),
        ],
        button=_("Yes, send the referral"),
    )


@case_action(
    MandateForm,
    kept_as="mandate",
    invalid=gettext_lazy("The form was incomplete; try again."),
    confirm=_referring,
    anchor="mandate",
)
def case_mandate_view(action: CaseRequest, data: dict[str, Any]) -> Done:
    mandate_record(
        case=action.case,
        outcome=data["outcome"],
        note=data["note"],
        referral=data["referral"],
        version=data["version"],
        actor=action.user,
    )
    if data["outcome"] == "out":
        return Done(_("Out of mandate: the referral was sent to the reporter."))
    return Done(_("Mandate check recorded."))
