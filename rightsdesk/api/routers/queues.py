"""Queues: the dashboard's counts per priority and its five queues, as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors
from rightsdesk.api.parsing import doc
from rightsdesk.cases.queues.selectors import PRIORITIES, dashboard

router = Router(tags=["queues"], auth=staff_token, by_alias=True)


class Queue(shapes.Out):
    total: int
    cases: list[shapes.CaseSummary] = doc(description="the first cases of the queue, in order")


class Queues(shapes.Out):
    by_priority: dict[str, int] = doc(propertyNames={"enum": list(PRIORITIES)})
    queues: dict[str, Queue] = doc(
        propertyNames={"enum": ["crises", "breaching", "mine", "unassigned", "waiting"]}
    )


@router.get(
    "/queues",
    response={200: Queues, **errors(401)},
    operation_id="queues",
    summary="Counts per priority and the five dashboard queues",
)
def queues(request: HttpRequest) -> Queues:
    board = dashboard(staff_of(request).user, timezone.now(), summary=True)
    return Queues(
        by_priority=dict(board.by_priority),
        queues={
            queue.slug: Queue(
                total=queue.total, cases=[shapes.case_summary(c) for c in queue.cases]
            )
            for queue in board.queues
        },
    )
