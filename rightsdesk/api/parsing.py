"""Turning API request bodies into the same form data the HTML pages validate.

The API and the HTML form share one validator (intake.forms.ReportForm), so limits, codes and
messages cannot drift apart. Here only the JSON shapes are checked: wrong types are refused with
the field named; values are left to the form.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

LIST_FIELDS = {
    "threat_types": "threat_types",
    "actor": "actor_types",
    "reasons": "reasons",
    "rights": "rights",
}
TEXT_FIELDS = {"narrative", "country", "since", "contact", "language"}
BOOL_FIELDS = {"emergency", "ongoing", "keep_uncleaned"}
REPORT_FIELDS = set(LIST_FIELDS) | TEXT_FIELDS | BOOL_FIELDS


class BadRequest(Exception):
    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


def json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object, or BadRequest."""
    if request.content_type != "application/json":
        raise BadRequest("unsupported_media_type", _("Send JSON (Content-Type: application/json)."))
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("malformed_json", _("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest("malformed_json", _("The body must be a JSON object."))
    return data


def text_field(data: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadRequest("invalid", _("“%(field)s” must be a string.") % {"field": name}, name)
    return value


def _bool_to_form(name: str, value: Any) -> str:
    if value is None:
        return "" if name == "ongoing" else "no"
    if not isinstance(value, bool):
        raise BadRequest("invalid", _("“%(field)s” must be true or false.") % {"field": name}, name)
    if name == "ongoing":
        return "yes" if value else "no"
    return "yes" if value else ("" if name == "keep_uncleaned" else "no")


def report_form_data(data: dict[str, Any]) -> MultiValueDict[str, str]:
    """Map a JSON report to ReportForm data; BadRequest on wrong types or unknown fields."""
    unknown = sorted(set(data) - REPORT_FIELDS)
    if unknown:
        raise BadRequest(
            "unknown_field", _("Unknown field: %(field)s.") % {"field": unknown[0]}, unknown[0]
        )
    form: MultiValueDict[str, str] = MultiValueDict()
    for api_name, form_name in LIST_FIELDS.items():
        value = data.get(api_name, [])
        if api_name == "actor" and isinstance(value, str):
            value = [value]
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadRequest(
                "invalid", _("“%(field)s” must be a list of codes.") % {"field": api_name}, api_name
            )
        form.setlist(form_name, value)
    for name in TEXT_FIELDS - {"language"}:
        form[name] = text_field(data, name, required=name == "narrative")
    for name in BOOL_FIELDS:
        converted = _bool_to_form(name, data.get(name))
        if converted:
            form[name] = "on" if name == "keep_uncleaned" else converted
    return form


def multipart_form_data(request: HttpRequest) -> MultiValueDict[str, str]:
    """Map a multipart report (same field names as JSON; lists repeated) to ReportForm data."""
    unknown = sorted(set(request.POST) - REPORT_FIELDS)
    if unknown:
        raise BadRequest(
            "unknown_field", _("Unknown field: %(field)s.") % {"field": unknown[0]}, unknown[0]
        )
    form: MultiValueDict[str, str] = MultiValueDict()
    for api_name, form_name in LIST_FIELDS.items():
        form.setlist(form_name, request.POST.getlist(api_name))
    for name in TEXT_FIELDS - {"language"}:
        form[name] = request.POST.get(name, "")
    truthy = {"true", "1", "yes", "on"}
    for name in BOOL_FIELDS:
        raw = request.POST.get(name, "").strip().lower()
        if name == "ongoing":
            form[name] = "" if raw == "" else ("yes" if raw in truthy else "no")
        elif name == "emergency":
            form[name] = "yes" if raw in truthy else "no"
        elif raw in truthy:
            form[name] = "on"
    return form
