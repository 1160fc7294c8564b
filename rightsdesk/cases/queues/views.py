"""The handler's dashboard and each queue's own page. Metadata only: no key is unlocked here.

Both render in the reader's own time zone (`timezone.override`), so every deadline they print is
in the zone printed beside it; both sort by `?sort=` on the server (`queues.table`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from rightsdesk.accounts.decorators import staff_required, staff_user
from rightsdesk.cases.extensions import dashboard_panels
from rightsdesk.cases.queues.selectors import SLUGS, dashboard, unread_new_cases
from rightsdesk.cases.queues.table import (
    headings,
    parse_sort,
    sort_cases,
    sorted_queue_page,
    table_rows,
)

QUEUE_TITLES = {
    "crises": gettext_lazy("Crises open (P1)"),
    "breaching": gettext_lazy("Acknowledgement due within 30 minutes or overdue"),
    "mine": gettext_lazy("Assigned to me"),
    "unassigned": gettext_lazy("Unassigned"),
    "waiting": gettext_lazy("Waiting on the reporter"),
}

MAX_PAGE = 10_000


def _bars(by_priority: list[tuple[str, int]]) -> list[dict[str, object]]:
    """The bar chart's geometry, computed here so the template holds no arithmetic."""
    biggest = max([n for _, n in by_priority] + [1])
    return [
        {
            "priority": p,
            "count": n,
            "width": round(300 * n / biggest),
            "y": 24 * i,
            "text_y": 24 * i + 14,
            "count_x": round(300 * n / biggest) + 48,
        }
        for i, (p, n) in enumerate(by_priority)
    ]


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    board = dashboard(user, timezone.now())
    sort = parse_sort(request.GET.get("sort"))
    with timezone.override(user.zone):
        queues = [
            {
                "slug": q.slug,
                "title": QUEUE_TITLES[q.slug],
                "rows_html": table_rows(sort_cases(q.cases, sort)),
                "shown": len(q.cases),
                "total": q.total,
            }
            for q in board.queues
        ]
        bars = _bars(board.by_priority)
        return render(
            request,
            "cases/queues/home.html",
            {
                "queues": queues,
                "bars": bars,
                "chart_height": 24 * len(bars),
                "headings": headings(sort),
                "sort": sort.param,
                # Shown by cases/queues/_unread.html: new cases this user holds no key to.
                "unread": unread_new_cases(user),
                # What the pillars ask of this person (settings.RIGHTSDESK_DASHBOARD_PANELS).
                "panels": dashboard_panels(request, user),
            },
        )


@staff_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """One queue in full, `PAGE` cases at a time (`?page=2`); a bad page number is page 1."""
    if slug not in SLUGS:
        raise Http404
    user = staff_user(request)
    raw = request.GET.get("page", "1")
    page = int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1
    sort = parse_sort(request.GET.get("sort"))
    cases, more = sorted_queue_page(user, slug, timezone.now(), page, sort)
    with timezone.override(user.zone):
        return render(
            request,
            "cases/queues/queue.html",
            {
                "slug": slug,
                "title": QUEUE_TITLES[slug],
                "rows_html": table_rows(cases),
                "headings": headings(sort),
                "sort": sort.param,
                "shown": len(cases),
                "page": page,
                "previous": page - 1 if page > 1 else None,
                "next": page + 1 if more else None,
            },
        )
