"""The NinjaAPI behind /api/v1/ and its OpenAPI description at /api/schema.

One router per area (rightsdesk.api.routers); the error shape for every failure
(rightsdesk.api.errors.install); no interactive docs page (its JavaScript would need a weaker
Content-Security-Policy) and no schema URL of ninja's own: `schema_view` serves it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from rightsdesk.api import errors
from rightsdesk.api.routers import (
    cases,
    demands,
    diligence,
    diligence_phases,
    grievance_person,
    grievances,
    links,
    partner_users,
    partners,
    queues,
    reporters,
    search,
    staff,
    transparency,
    triage,
    wikisafety,
    wikisafety_queue,
)

PREFIX = "/api/v1/"

api = NinjaAPI(
    title="rightsdesk API",
    version="1",
    description="Report threats, follow up with a receipt, and work cases. Every error is "
    '{"error": code, "message": text translated by Accept-Language}; see docs/api.md.',
    openapi_url=None,
    docs_url=None,
    servers=[{"url": "/"}],
    urls_namespace="api-v1",
)
errors.install(api)
for area in (
    *(reporters, staff, cases, triage, links, search, queues),
    *(partners, partner_users, grievances, grievance_person, diligence, diligence_phases),
    demands,
    transparency,
    wikisafety,
    wikisafety_queue,
):
    api.add_router("", area.router)


def schema_view(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description, generated from the routers' schemas."""
    schema = api.get_openapi_schema(path_prefix=PREFIX.strip("/"))
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False})


def _json_405(view: Callable[..., Any]) -> Callable[..., Any]:
    """ninja answers a method no operation serves with a plain-text 405: answer in the error
    shape, with `Allow` naming every method of the URL."""

    @wraps(view)  # keeps ninja's csrf_exempt: no cookie authenticates an API call
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return errors.not_allowed(response["Allow"].split(", "))
        return response

    return wrapped


def v1_urlpatterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    return [
        URLPattern(p.pattern, _json_405(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]
