"""API endpoints for linked cases: list, link (or change the kind), unlink.

Thin, like rightsdesk.api.views: the case goes through `access_case`, the other case, the limit
and the audit through rightsdesk.cases.links. A case the caller cannot read answers 404 when it is
the case in the URL, and the same 400 as a missing number when it is the other one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from rightsdesk.api import serializers
from rightsdesk.api.errors import api_error
from rightsdesk.api.parsing import BadRequest, json_object, text_field
from rightsdesk.api.views import (
    api_view,
    method_not_allowed,
    staff_credentials,
    unauthorized_as_401,
)
from rightsdesk.cases.access import access_case
from rightsdesk.cases.links.selectors import linked_cases
from rightsdesk.cases.links.services import LinkRefused, case_link, case_unlink

LINK_FIELDS = {"number", "kind"}


@api_view("GET")
@unauthorized_as_401
def links_list(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    return JsonResponse(
        {
            "links": [
                serializers.linked_case(item.case, item.kind)
                for item in linked_cases(case, staff.user)
            ]
        }
    )


@api_view("POST")
@unauthorized_as_401
def link_create(request: HttpRequest, number: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    body = json_object(request)
    unknown = sorted(set(body) - LINK_FIELDS)
    if unknown:
        raise BadRequest(
            "unknown_field", _("Unknown field: %(field)s.") % {"field": unknown[0]}, unknown[0]
        )
    try:
        result = case_link(
            case=case,
            other_number=text_field(body, "number"),
            kind=text_field(body, "kind"),
            actor=staff.user,
        )
    except LinkRefused as refused:
        return api_error("refused", refused.message, 400)
    return JsonResponse(
        serializers.linked_case(result.other, result.link.kind),
        status=201 if result.created else 200,
    )


@csrf_exempt
def case_links(request: HttpRequest, number: str) -> HttpResponse:
    """GET lists the linked cases the caller can read, POST links one: one URL, two operations."""
    if request.method == "GET":
        return links_list(request, number)
    if request.method == "POST":
        return link_create(request, number)
    return method_not_allowed("GET", "POST")


@api_view("DELETE")
@unauthorized_as_401
def link_delete(request: HttpRequest, number: str, other: str) -> HttpResponse:
    staff = staff_credentials(request)
    case = access_case(staff.user, number)
    try:
        case_unlink(case=case, other_number=other, actor=staff.user)
    except LinkRefused as refused:
        return api_error("refused", refused.message, 400)
    return HttpResponse(status=204)
