"""Public transparency pages under /transparency/: approved public releases only, read from
their frozen published cells. No JavaScript; charts are SVG drawn here. A draft, a board pack,
a withdrawn or a missing release answer the same 404 (`selectors.public_release`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rightsdesk.transparency.presentation import (
    notes,
    release_zip,
    shown_tables,
    table_csv,
)
from rightsdesk.transparency.selectors import public_release, public_releases
from rightsdesk.transparency.wikimedia import wikimedia_csv


def _attachment(body: str | bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "transparency/index.html", {"releases": public_releases()})


def release(request: HttpRequest, slug: str) -> HttpResponse:
    found = public_release(slug)
    context = {"release": found, "tables": shown_tables(found), "notes": notes(found)}
    return render(request, "transparency/release.html", context)


def release_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    found = public_release(slug)
    for shown in shown_tables(found):
        if shown.name == table:
            return _attachment(
                table_csv(shown), f"{found.slug}-{shown.name}.csv", "text/csv; charset=utf-8"
            )
    raise Http404


def release_wikimedia(request: HttpRequest, slug: str) -> HttpResponse:
    found = public_release(slug)
    body = wikimedia_csv(found)
    return _attachment(body, f"{found.slug}-wikimedia.csv", "text/csv; charset=utf-8")


def release_package(request: HttpRequest, slug: str) -> HttpResponse:
    found = public_release(slug)
    return _attachment(release_zip(found), f"{found.slug}.zip", "application/zip")
