"""Search: the search page's answer as JSON, with the same need-to-know (rightsdesk.cases.search).

A POST, not a GET, so that the words never appear in a URL (server logs, proxies, history). The
words and filters go through the page's own `SearchForm`, so codes and messages are the same.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router

from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import ApiError, errors
from rightsdesk.api.parsing import Json, LenientIn, choices_of, doc
from rightsdesk.api.shapes import Out
from rightsdesk.cases.search.forms import SearchForm
from rightsdesk.cases.search.selectors import MAX_HITS, case_search
from rightsdesk.cases.search.text import QueryRefused

router = Router(tags=["search"], auth=staff_token, by_alias=True)


class SearchIn(LenientIn):
    q: str = doc(
        "",
        maxLength=200,
        description="words that must all occur (at most 8) in the text or the metadata (threat "
        "types, rights, labels, country, status, priority); may be empty when a filter is given",
    )
    status: str = doc("", enum=["", *choices_of(SearchForm, "status")])
    priority: str = doc("", enum=["", *choices_of(SearchForm, "priority")])
    threat_type: str = doc("", enum=["", *choices_of(SearchForm, "threat_type")])


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
    summary="Cases you can read, filtered, whose text or metadata contains every word",
)
def search(request: HttpRequest, body: Annotated[SearchIn, Json()]) -> SearchResult:
    staff = staff_of(request)
    form = SearchForm(body.model_dump())
    if not form.is_valid():
        name, problems = next(iter(form.errors.items()))
        raise ApiError("invalid", problems[0], field=name)
    try:
        result = case_search(
            user=staff.user,
            private_key=staff.key,
            query=form.cleaned_data["q"],
            filters=form.filters(),
        )
    except QueryRefused as refused:
        raise ApiError("invalid", refused, field="q") from None
    return SearchResult(
        total=result.total,
        searched=result.searched,
        cases=[SearchHit(number=hit.number, excerpt=hit.snippet) for hit in result.hits],
    )
