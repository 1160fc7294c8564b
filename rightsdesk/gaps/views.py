"""Public pages of the observatory: no JavaScript, server-drawn charts, CSV downloads.

Views only parse the request, call a selector and render. Unknown codes give a 404 page; before
the first scan every page shows how to run one.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from rightsdesk.core import csvsafe
from rightsdesk.gaps import refdata, selectors
from rightsdesk.gaps.charts import Bar, bar_chart
from rightsdesk.gaps.worklists import to_csv, to_wikitext

_CODE = re.compile(r"[a-z0-9_-]{2,40}\Z")
DEFAULT_COMPARE = ("dewiki", "mywiki")  # the interest group's own example (seed 004)
WIKI_COLUMNS = ("wiki", "language_name", "topics", "present", "stubs", "coverage", "extent")
WIKI_COLUMNS_ALL = (*WIKI_COLUMNS, "gap_index", "need", "need_country", "priority")


def _no_data(request: HttpRequest) -> HttpResponse:
    return render(request, "gaps/no_data.html", status=200)


def _sources(request: HttpRequest) -> tuple[list[str], list[str]]:
    """Wiki codes named in ?from=en,de (ISO codes or database codes); unknown ones reported."""
    found, unknown = [], []
    for raw in request.GET.get("from", "").split(","):
        code = raw.strip()
        if not code:
            continue
        wiki = refdata.wiki_for(code) if _CODE.match(code) else None
        (found.append(wiki.code) if wiki else unknown.append(code[:40]))
    return found, unknown


MAX_FILTER = 60


def index(request: HttpRequest) -> HttpResponse:
    data = selectors.overview()
    if data is None:
        return _no_data(request)
    match = request.GET.get("q", "")[:MAX_FILTER]
    raw_page = request.GET.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and len(raw_page) < 6 else 1
    context = {
        "meta": data["meta"],
        "every_item": selectors.every_item(data["meta"]),
        "wikis": selectors.wikis_page(data["wikis"], match=match, page=page),
        "match": match,
        "compare": _compare_context(request),
    }
    return render(request, "gaps/index.html", context)


def _compare_context(request: HttpRequest) -> dict[str, Any]:
    codes = [request.GET.get("a", DEFAULT_COMPARE[0]), request.GET.get("b", DEFAULT_COMPARE[1])]
    picked = []
    for code in codes:
        wiki = refdata.wiki_for(code) if _CODE.match(code or "") else None
        detail = selectors.wiki_detail(wiki.code) if wiki else None
        picked.append(detail)
    if None in picked:
        return {"error": _("Pick two Wikipedias that were part of the scan.")}
    first, second = picked[0]["wiki"], picked[1]["wiki"]  # type: ignore[index]  # None excluded above
    bars = []
    for metric, name in (("coverage", _("coverage")), ("extent", _("extent"))):
        for css, row in (("a", first), ("b", second)):
            text = None
            if metric == "coverage":
                text = f"{row['present']} / {row['topics']}"
            bars.append(Bar(f"{row['language_name']}: {name}", row[metric], css, text or ""))
    title = _("%(a)s and %(b)s compared") % {
        "a": first["language_name"],
        "b": second["language_name"],
    }
    return {
        "a": first,
        "b": second,
        "chart": bar_chart(bars, title=title, rtl=get_language_bidi()),
        "title": title,
    }


def compare(request: HttpRequest) -> HttpResponse:
    if selectors.overview() is None:
        return _no_data(request)
    return render(request, "gaps/compare.html", {"compare": _compare_context(request)})


def wiki(request: HttpRequest, wiki: str) -> HttpResponse:
    detail = selectors.wiki_detail(wiki)
    if detail is None:
        if selectors.overview() is None:
            return _no_data(request)
        raise Http404(_("No such Wikipedia in the scan."))
    sources, unknown = _sources(request)
    rows = selectors.worklist(wiki, sources, limit=100)
    bars = [Bar(_("all topics"), detail["wiki"]["coverage"], "a")]
    bars += [Bar(group["grp"], group["coverage"], "b") for group in detail["groups"]]
    chart = bar_chart(bars, title=_("Coverage by topic group"), rtl=get_language_bidi())
    return render(
        request,
        "gaps/wiki.html",
        {
            **detail,
            "worklist": rows,
            "chart": chart,
            "sources": ",".join(sources),
            "unknown_sources": unknown,
        },
    )


def _download(body: str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def worklist_csv(request: HttpRequest, wiki: str) -> HttpResponse:
    if selectors.wiki_detail(wiki) is None:
        raise Http404(_("No such Wikipedia in the scan."))
    sources, _unknown = _sources(request)
    rows = selectors.worklist(wiki, sources)
    return _download(to_csv(rows), f"worklist-{wiki}.csv", "text/csv; charset=utf-8")


def worklist_wikitext(request: HttpRequest, wiki: str) -> HttpResponse:
    if selectors.wiki_detail(wiki) is None:
        raise Http404(_("No such Wikipedia in the scan."))
    sources, _unknown = _sources(request)
    rows = selectors.worklist(wiki, sources)
    return HttpResponse(to_wikitext(rows, wiki=wiki), content_type="text/plain; charset=utf-8")


def wikis_csv(request: HttpRequest) -> HttpResponse:
    data = selectors.overview()
    if data is None:
        raise Http404(_("No data yet."))
    out = io.StringIO()
    writer = csvsafe.DictWriter(
        out, fieldnames=WIKI_COLUMNS_ALL, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(data["wikis"])
    return _download(out.getvalue(), "wikis.csv", "text/csv; charset=utf-8")


def topic_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.topics()
    if rows is None:
        return _no_data(request)
    return render(request, "gaps/topics.html", {"topics": rows})


def topic(request: HttpRequest, qid: str) -> HttpResponse:
    detail = selectors.topic_detail(qid)
    if detail is None:
        if selectors.overview() is None:
            return _no_data(request)
        raise Http404(_("This item is not in the topic set."))
    present = [row for row in detail["languages"] if row["present"]]
    largest = max((row["page_len"] or 0 for row in present), default=0)
    bars = [
        Bar(row["language_name"], (row["page_len"] or 0) / largest if largest else None, "a",
            f"{row['page_len']:,}" if row["page_len"] else "")
        for row in sorted(present, key=lambda r: -(r["page_len"] or 0))[:25]
    ]  # fmt: skip
    chart = bar_chart(bars, title=_("Article length by language"), rtl=get_language_bidi())
    missing = [row for row in detail["languages"] if not row["present"]]
    return render(
        request,
        "gaps/topic.html",
        {**detail, "chart": chart if largest else None, "present": present, "missing": missing},
    )


def topic_csv(request: HttpRequest, qid: str) -> HttpResponse:
    detail = selectors.topic_detail(qid)
    if detail is None:
        raise Http404(_("This item is not in the topic set."))
    out = io.StringIO()
    fields = ("wiki", "language_name", "present", "title", "page_len", "length_score", "stub")
    writer = csvsafe.DictWriter(out, fieldnames=(*fields, "need"), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(detail["languages"])
    return _download(out.getvalue(), f"topic-{qid}.csv", "text/csv; charset=utf-8")


def language_set(request: HttpRequest, name: str) -> HttpResponse:
    if name not in refdata.LANGUAGE_SETS:
        raise Http404(_("No such language set."))
    rows = selectors.language_set(name)
    if rows is None:
        return _no_data(request)
    with_wiki = [r for r in rows if r["wiki"]]
    bars = [
        Bar(r["name"], r["metrics"]["coverage"] if r["metrics"] else None, "a") for r in with_wiki
    ]
    chart = bar_chart(bars, title=_("Coverage per language"), rtl=get_language_bidi())
    return render(
        request,
        "gaps/set.html",
        {
            "name": name,
            "rows": rows,
            "with_wiki": len(with_wiki),
            "without": [r for r in rows if not r["wiki"]],
            "chart": chart,
        },
    )
