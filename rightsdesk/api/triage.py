"""API endpoints for triage: classify a case, record vetting and the mandate check.

Thin, like rightsdesk.api.views: the case goes through `access_case` (404 for a case the caller
cannot read, as for a missing one), the rules and the audit through rightsdesk.cases.classify and
rightsdesk.cases.triage_steps, the same services the case page uses.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from rightsdesk.api import serializers
from rightsdesk.api.errors import api_error
from rightsdesk.api.parsing import BadRequest, json_object, text_field
from rightsdesk.api.views import api_view, staff_credentials, unauthorized_as_401
from rightsdesk.cases.access import access_case
from rightsdesk.cases.editing import EditRefused
from rightsdesk.cases.triage.services import (
    ClassificationEdit,
    case_classify,
    mandate_record,
    vetting_record,
)

CLASSIFICATION_FIELDS = ("threat_types", "rights", "actor_types", "reasons", "affected")
STEP_FIELDS = {"kind", "outcome", "note", "referral", "version"}


def _version(body: dict[str, Any], *, required: bool = True) -> int:
    version = body.get("version")
    if version is None and not required:
        return -1
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise BadRequest(
            "invalid", _("“version” is required: the version you edited from."), "version"
        )
    return version


def _codes(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise BadRequest(
            "invalid", _("“%(field)s” must be a list of codes.") % {"field": name}, name
        )
    return value


def _refuse_unknown(body: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(body) - known)
    if unknown:
        raise BadRequest(
            "unknown_field", _("Unknown field: %(field)s.") % {"field": unknown[0]}, unknown[0]
        )


@api_view("POST")
@unauthorized_as_401
def case_classification(request: HttpRequest, number: str) -> HttpResponse:
    """Replace the case's classification (lists left out are cleared)."""
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    body = json_object(request)
    _refuse_unknown(body, {"version", *CLASSIFICATION_FIELDS})
    edit = ClassificationEdit(
        version=_version(body), **{name: _codes(body, name) for name in CLASSIFICATION_FIELDS}
    )
    try:
        updated = case_classify(case=case, edit=edit, actor=staff.user)
    except EditRefused as refused:
        return api_error(refused.code, refused.message, refused.status)
    return JsonResponse(serializers.case_summary(updated))


@api_view("POST")
@unauthorized_as_401
def case_triage_step(request: HttpRequest, number: str) -> HttpResponse:
    """Record vetting (`kind` "vetting") or the mandate check (`kind` "mandate"; "out" needs
    `referral` and `version`, and sends the referral and closes the case as out of mandate)."""
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    body = json_object(request)
    _refuse_unknown(body, STEP_FIELDS)
    kind = text_field(body, "kind")
    outcome = text_field(body, "outcome")
    note = text_field(body, "note", required=False)
    try:
        if kind == "vetting":
            step = vetting_record(case=case, outcome=outcome, note=note, actor=staff.user)
        elif kind == "mandate":
            step = mandate_record(
                case=case,
                outcome=outcome,
                note=note,
                referral=text_field(body, "referral", required=False),
                version=_version(body, required=outcome == "out"),
                actor=staff.user,
            )
        else:
            raise BadRequest("invalid", _("“kind” must be “vetting” or “mandate”."), "kind")
    except EditRefused as refused:
        return api_error(refused.code, refused.message, refused.status)
    return JsonResponse({"kind": step.kind, "outcome": step.outcome}, status=201)
