"""Search: the search page's answer as JSON, with the same need-to-know (rightsdesk.cases.search).

A POST, not a GET, so that the words never appear in a URL (server logs, proxies, history).
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router

from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import ApiError, errors
from rightsdesk.api.parsing import Json, LenientIn, doc
from rightsdesk.api.shapes import Out
from rightsdesk.cases.search.selectors import MAX_HITS, case_search
from rightsdesk.cases.search.text import QueryRefused

router = Router(tags=["search"], auth=staff_token, by_alias=True)


class SearchIn(LenientIn):
    q: str = doc(minLength=2, maxLength=200, description="words that must all occur (at most 8)")


class SearchHit(Out):
    number: str
    excerpt: str


class SearchResult(Out):
    total: int
    searched: int = doc(description="how many cases were searched")
    cases: list[SearchHit] = doc(maxItems=MAX_HITS, description="the newest first")


@router.post(
    "/search",
    response={200: SearchResult, **errors(400, 401, 415)},
    operation_id="caseSearch",
    summary="Cases you can read whose report, messages or notes contain every word",
)
def search(request: HttpRequest, body: Annotated[SearchIn, Json()]) -> SearchResult:
    staff = staff_of(request)
    try:
        result = case_search(user=staff.user, private_key=staff.key, query=body.q)
    except QueryRefused as refused:
        raise ApiError("invalid", refused, field="q") from None
    return SearchResult(
        total=result.total,
        searched=result.searched,
        cases=[SearchHit(number=hit.number, excerpt=hit.snippet) for hit in result.hits],
    )
