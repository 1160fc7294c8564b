"""The search page: a POST form (the words never appear in a URL, so not in any server log,
proxy or browser history), results as links through the access gate. No JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rightsdesk.accounts.decorators import staff_required, staff_user, unlocked_key
from rightsdesk.cases.search.forms import SearchForm
from rightsdesk.cases.search.selectors import case_search
from rightsdesk.cases.search.text import MAX_QUERY, QueryRefused


@staff_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST if request.method == "POST" else None)
    query = request.POST.get("q", "") if request.method == "POST" else ""
    context: dict[str, object] = {"query": query[:MAX_QUERY], "max_query": MAX_QUERY, "form": form}
    status = 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise QueryRefused(
                    " ".join(str(e) for errors in form.errors.values() for e in errors)
                )
            context["result"] = case_search(
                user=staff_user(request),
                private_key=unlocked_key(request),
                query=form.cleaned_data["q"],
                filters=form.filters(),
            )
        except QueryRefused as refused:
            context["problem"] = str(refused)
            status = 400
    return render(request, "cases/search/search.html", context, status=status)
