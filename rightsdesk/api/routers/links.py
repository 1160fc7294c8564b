"""Linked cases: list, link (or change the kind), unlink.

The case in the URL goes through `access_case` (404 for a case the caller cannot read, as for a
missing one); the other case, the limit and the audit through rightsdesk.cases.links, where a case
the caller cannot read gets the same 400 as a missing number.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Status

from rightsdesk.api.auth import staff_case, staff_token
from rightsdesk.api.errors import errors
from rightsdesk.api.parsing import In, Json, doc
from rightsdesk.api.shapes import STATUSES, Out
from rightsdesk.cases.links.selectors import MAX_LINKS, linked_cases
from rightsdesk.cases.links.services import NUMBER_MAX, case_link, case_unlink
from rightsdesk.cases.models import Case, CaseLink
from rightsdesk.cases.queues.selectors import PRIORITIES

router = Router(tags=["links"], auth=staff_token, by_alias=True)
KINDS = list(CaseLink.Kind.values)


class LinkIn(In):
    number: str = doc(maxLength=NUMBER_MAX)
    kind: str = doc(enum=KINDS)


class LinkedCase(Out):
    """A linked case as its viewer may see it: clear metadata only."""

    number: str
    kind: str = doc(enum=KINDS)
    status: str = doc(enum=STATUSES)
    priority: str | None = doc(enum=[*PRIORITIES, None])

    @classmethod
    def of(cls, case: Case, kind: str) -> LinkedCase:
        return cls(
            number=case.number, kind=kind, status=case.status, priority=case.priority or None
        )


class LinkList(Out):
    links: list[LinkedCase] = doc(maxItems=MAX_LINKS)


@router.get(
    "/cases/{number}/links",
    response={200: LinkList, **errors(401, 404)},
    operation_id="caseLinks",
    summary="The linked cases you can read yourself; others are left out",
)
def links_list(request: HttpRequest, number: str) -> LinkList:
    staff, case = staff_case(request, number)
    found = linked_cases(case, staff.user)
    return LinkList(links=[LinkedCase.of(item.case, item.kind) for item in found])


@router.post(
    "/cases/{number}/links",
    response={(200, 201): LinkedCase, **errors(400, 401, 404, 415)},
    operation_id="caseLink",
    summary="Link: 201 linked, 200 already linked (the kind is set to the one sent)",
)
def link_create(
    request: HttpRequest, number: str, body: Annotated[LinkIn, Json()]
) -> Status[LinkedCase]:
    staff, case = staff_case(request, number)
    result = case_link(case=case, other_number=body.number, kind=body.kind, actor=staff.user)
    return Status(201 if result.created else 200, LinkedCase.of(result.other, result.link.kind))


@router.delete(
    "/cases/{number}/links/{other}",
    response={204: None, **errors(400, 401, 404)},
    operation_id="caseUnlink",
    summary="Unlink (both cases must be readable by you)",
)
def link_delete(request: HttpRequest, number: str, other: str) -> Status[None]:
    staff, case = staff_case(request, number)
    case_unlink(case=case, other_number=other, actor=staff.user)
    return Status(204, None)
