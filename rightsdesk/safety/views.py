"""Public safety pages: the hub, guided self-help, support resources, the glossary.

No JavaScript, nothing stored: a guide's answers so far travel in the query string and are
re-checked against the flow on every request (see flows.parse_trail). "Tell the team" only
renders a form that the person may post to the report form; nothing is sent until they do.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rightsdesk.intake import tickets
from rightsdesk.safety import checkup, flows, modules
from rightsdesk.safety.content import glossary_for

# The kind of help each guide's public list of support organisations opens filtered by
# (rightsdesk.partners.vocabulary.Service codes; /support/?service=...). A guide not listed here
# links to the whole list.
GUIDE_SERVICES = {
    "account-compromised": "digital_security",
    "arrest-or-seizure": "legal",
    "doxxing": "digital_security",
    "harassment": "counselling",
    "impersonation": "digital_security",
    "risky-topic": "digital_security",
    "surveillance": "digital_security",
}


def _language() -> str:
    return (get_language() or flows.REFERENCE_LANGUAGE).split("-")[0]


def hub(request: HttpRequest) -> HttpResponse:
    language = _language()
    guides = []
    for slug in flows.flow_slugs():
        flow, fallback = flows.flow_for(slug, language)
        if flow is not None:
            guides.append({"flow": flow, "fallback": fallback})
    return render(request, "safety/hub.html", {"guides": guides})


def _node_url(slug: str, node_id: str, steps: list[flows.Step]) -> str:
    url = reverse("safety:guide_node", kwargs={"slug": slug, "node": node_id})
    trail = flows.trail_string(steps)
    return f"{url}?{urlencode({'trail': trail})}" if trail else url


def tell_the_team_summary(flow: flows.Flow, steps: list[flows.Step], end: flows.Node) -> str:
    """The narrative carried to the report form, in the person's language; they may edit it."""
    lines = [_("From the self-help guide: %(title)s") % {"title": flow.title}, ""]
    for question, answer in flows.trail_lines(flow, steps):
        lines.append(f"- {question} {answer}")
    lines += ["", _("Where the guide ended: %(title)s") % {"title": end.title}]
    return "\n".join(lines)


def guide(request: HttpRequest, slug: str, node: str = "") -> HttpResponse:
    language = _language()
    flow, fallback = flows.flow_for(slug, language)
    if flow is None:
        raise Http404
    node_id = node or flow.start
    current = flow.nodes.get(node_id)
    if current is None:
        raise Http404
    steps = flows.parse_trail(flow, request.GET.get("trail", ""), node_id)
    answers = []
    for index, answer in enumerate(current.answers):
        if answer.other_flow:
            href = reverse("safety:guide", kwargs={"slug": answer.other_flow})
        else:
            href = _node_url(slug, answer.to, [*steps, (node_id, index)])
        answers.append({"label": answer.label, "href": href, "other": bool(answer.other_flow)})
    if steps:
        back = _node_url(slug, steps[-1][0], steps[:-1])
    elif node_id != flow.start:
        back = reverse("safety:guide", kwargs={"slug": slug})
    else:
        back = reverse("safety:hub")
    context: dict[str, Any] = {
        "flow": flow,
        "node": current,
        "answers": answers,
        "back": back,
        "at_start": not steps and node_id == flow.start,
        "fallback": fallback,
        "step_number": len(steps) + 1,
        "answered": flows.trail_lines(flow, steps),
        "support_service": GUIDE_SERVICES.get(slug, ""),
    }
    if current.kind == "advice":
        report = flows.report_answers(flow, steps)
        context["tell"] = {
            "ticket": tickets.issue_ticket(),
            "narrative": tell_the_team_summary(flow, steps, current),
            "threat_types": report.pop("threat_types", []),
            # Every other report field the answers filled in, as (name, value) hidden inputs.
            "fields": [(name, value) for name, values in report.items() for value in values],
        }
    return render(request, "safety/guide_node.html", context)


def support(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/support.html")


def translate(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/translate.html")


def glossary(request: HttpRequest) -> HttpResponse:
    terms, fallback = glossary_for(_language())
    return render(request, "safety/glossary.html", {"terms": terms, "fallback": fallback})


LEARN_COOKIE = "rd_learn"
LEARN_SALT = "rightsdesk.safety.learn"


def _passed_modules(request: HttpRequest) -> set[str]:
    """Modules passed in this browser: a signed cookie, so nothing about visitors is stored."""
    value = request.get_signed_cookie(LEARN_COOKIE, default="", salt=LEARN_SALT)
    return {slug for slug in (value or "").split(",") if slug}


def learn(request: HttpRequest) -> HttpResponse:
    done = _passed_modules(request)
    items = [
        {"module": module, "fallback": fallback, "passed": module.slug in done}
        for module, fallback in modules.module_list(_language())
    ]
    return render(request, "safety/learn.html", {"items": items})


@require_http_methods(["GET", "POST"])
def module(request: HttpRequest, slug: str) -> HttpResponse:
    found, fallback = modules.module_for(slug, _language())
    if found is None:
        raise Http404
    terms = {t.slug: t for t in glossary_for(_language())[0]}
    context: dict[str, Any] = {
        "module": found,
        "fallback": fallback,
        "terms": [terms[s] for s in found.glossary if s in terms],
        "questions": list(enumerate(found.quiz)),
    }
    if request.method == "GET":
        return render(request, "safety/module.html", context)
    graded = modules.grade(found, request.POST)
    ok = modules.passed(graded)
    context.update(
        graded=graded, passed=ok, score=sum(g.correct for g in graded), total=len(graded)
    )
    response = render(request, "safety/module.html", context)
    if ok:
        done = _passed_modules(request) | {found.slug}
        response.set_signed_cookie(
            LEARN_COOKIE,
            ",".join(sorted(done)),
            salt=LEARN_SALT,
            max_age=365 * 24 * 3600,
            path="/safety/",
            secure=settings.HTTPS,
            httponly=True,
            samesite="Strict",
        )
    return response


@require_http_methods(["GET", "POST"])
def checkup_view(request: HttpRequest) -> HttpResponse:
    titles = {m.slug: m.title for m, _fallback in modules.module_list(_language())}
    if request.method == "POST":
        steps = [
            {"step": step, "module": step.module, "module_title": titles.get(step.module, "")}
            for step in checkup.plan(request.POST)
        ]
        return render(request, "safety/checkup_plan.html", {"steps": steps})
    return render(
        request, "safety/checkup.html", {"checks": checkup.CHECKS, "choices": checkup.CHOICES}
    )
