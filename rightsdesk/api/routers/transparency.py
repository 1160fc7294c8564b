"""Transparency releases: the approved public releases and their published tables (anyone, no
token); drafting and approving (staff), through the same services and gates as the pages.

The public answers carry `published` only: labels, each number's status and, only when shown,
its value. A draft, a board pack, a withdrawn or a missing release answer the same 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import Json, LenientIn, choices_of, doc, limits_of
from rightsdesk.transparency.forms import DraftForm
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import release_approve, release_draft
from rightsdesk.transparency.selectors import public_release, public_releases, staff_release

router = Router(tags=["transparency"], by_alias=True)


class ReleaseSummary(shapes.Out):
    slug: str
    audience: str
    period: str
    start: date
    end: date
    state: str
    rules: str
    rules_version: str
    threshold: int
    definition_hash: str
    approved_at: datetime | None


class TableOut(shapes.Out):
    name: str
    title: str
    rows: list[str]
    cols: list[str]
    one_way: bool
    # [row, col, status, value]: row/col null for "the total"; status shown, small or hidden;
    # value null unless shown
    cells: list[list[int | str | None]]


class ReleaseOut(ReleaseSummary):
    notes: list[str]
    tables: list[TableOut]


class ReleaseList(shapes.Out):
    releases: list[ReleaseSummary]


class DraftIn(LenientIn):
    audience: str = doc(enum=choices_of(DraftForm, "audience"))
    period: str = doc(description="2026-H1 (public) or 2026-Q3 (board: the four quarters to it)")
    examples: str = doc("", **limits_of(DraftForm, "examples"))
    noisy: list[str] = doc(
        [], description="Trend tables to draw with differential privacy (board pack)"
    )
    epsilon: str | None = doc(None, description="The epsilon each noisy table spends, e.g. 0.5")


def _summary(release: Release) -> ReleaseSummary:
    return ReleaseSummary(
        slug=release.slug,
        audience=release.audience,
        period=release.period,
        start=release.start,
        end=release.end,
        state=release.state,
        rules=release.rules_name,
        rules_version=release.rules_version,
        threshold=release.threshold,
        definition_hash=release.definition_hash,
        approved_at=release.approved_at,
    )


def _full(release: Release) -> ReleaseOut:
    return ReleaseOut(
        **_summary(release).model_dump(),
        notes=list(release.notes),
        tables=[
            TableOut(
                name=t["name"],
                title=t["title"],
                rows=t["rows"],
                cols=t["cols"],
                one_way=t["one_way"],
                cells=t["cells"],
            )
            for t in release.published["tables"]
        ],
    )


@router.get(
    "/transparency/releases",
    response={200: ReleaseList},
    operation_id="transparencyReleases",
    summary="Approved public transparency releases, newest first",
)
def releases_list(request: HttpRequest) -> ReleaseList:
    return ReleaseList(releases=[_summary(r) for r in public_releases()])


@router.get(
    "/transparency/releases/{slug}",
    response={200: ReleaseOut, **errors(404)},
    operation_id="transparencyRelease",
    summary="One approved public release: its published tables (suppressed numbers have no value)",
)
def release_detail(request: HttpRequest, slug: str) -> ReleaseOut:
    return _full(public_release(slug))


@router.post(
    "/transparency/drafts",
    auth=staff_token,
    response={201: ReleaseOut, **errors(400, 401, 409)},
    operation_id="transparencyDraft",
    summary="Draft a release for a period (nothing is published until another person approves)",
)
def release_draft_op(request: HttpRequest, body: Annotated[DraftIn, Json()]) -> Status[ReleaseOut]:
    staff = staff_of(request)
    form = validated(DraftForm(body.model_dump()))
    release = release_draft(
        actor=staff.user,
        audience=form.cleaned_data["audience"],
        period=form.cleaned_data["period"],
        examples=form.cleaned_data["examples"],
        noisy=form.noisy_tables(),
        now=timezone.now(),
    )
    return Status(201, _full(release))


@router.post(
    "/transparency/drafts/{slug}/approve",
    auth=staff_token,
    response={200: ReleaseOut, **errors(401, 403, 404, 409)},
    operation_id="transparencyApprove",
    summary="Approve a draft: another admin, or someone allowed to publish; gated again",
)
def release_approve_op(request: HttpRequest, slug: str) -> ReleaseOut:
    staff = staff_of(request)
    release = staff_release(staff.user, slug)
    return _full(release_approve(actor=staff.user, release=release, now=timezone.now()))
