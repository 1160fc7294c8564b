"""The finding page: everything a reader of the queue sees of one finding, the context read
from the wiki now (masked, or revealed for this answer), and the forms bound to what was typed
when an action was refused. Call after `access_finding`."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from nacl.public import PrivateKey

from rightsdesk.accounts.decorators import unlocked_key
from rightsdesk.accounts.models import User
from rightsdesk.cases.access import unlock_case
from rightsdesk.wikisafety.incidents.selectors import reports_on
from rightsdesk.wikisafety.mediawiki.services import may_remove as may_remove_on_wiki
from rightsdesk.wikisafety.models import Finding
from rightsdesk.wikisafety.queue import rules
from rightsdesk.wikisafety.queue.context import finding_context, kind_label, recogniser_label
from rightsdesk.wikisafety.queue.forms import DecideForm, RemoveForm
from rightsdesk.wikisafety.queue.selectors import cases_with_notes, finding_facts


def wiki_link(finding: Finding) -> str:
    """The revision on the wiki (index.php?oldid=), for the team to see it where it is."""
    api = finding.revision.wiki.api_url
    base = api[: -len("api.php")] if api.endswith("api.php") else api.rstrip("/") + "/"
    return f"{base}index.php?oldid={finding.revision.revid}"


def render_finding(
    request: HttpRequest,
    finding: Finding,
    user: User,
    *,
    reveal: bool = False,
    bound: Mapping[str, forms.Form] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    keys: dict[int, PrivateKey] = {}
    private = unlocked_key(request)
    if private is not None:
        for case in cases_with_notes(finding, user):
            keys[case.pk] = unlock_case(case, user, private)
    facts = finding_facts(finding, user, keys)
    context = finding_context(finding, reveal=reveal)
    reason = rules.reason_for(finding.state)
    context_vars = {
        "finding": finding,
        "revision": finding.revision,
        "wiki": finding.revision.wiki,
        "link": wiki_link(finding),
        "kinds": [kind_label(k) for k in finding.kinds],
        "recognisers": [recogniser_label(r) for r in finding.recognisers],
        "facts": facts,
        "reports": reports_on(finding),
        "context": context,
        "problem": problem,
        "decide_form": bound.get("decide")
        or DecideForm(initial={"version": finding.version}, auto_id="decide_%s"),
        "remove_form": bound.get("remove")
        or RemoveForm(
            initial={"parts": ["content"], "suppress": reason == "personal-data", "reason": reason},
            auto_id="remove_%s",
        ),
        "may_remove": rules.may_remove(finding.state) and may_remove_on_wiki(user),
        "removable": rules.may_remove(finding.state),
        "live_removal": any(r.undone_at is None for r in facts.removals),
    }
    return render(request, "wikisafety/queue/finding.html", context_vars, status=status)
