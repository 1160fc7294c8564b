"""Staff pages on cases. Every case is loaded through `access_case`; every read is audited."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rightsdesk.accounts.decorators import staff_user, unlocked_key
from rightsdesk.cases.access import access_case, unlock_case
from rightsdesk.cases.crisis.selectors import crisis_panel
from rightsdesk.cases.extensions import case_panels
from rightsdesk.cases.forms import (
    LabelsForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
)
from rightsdesk.cases.labels import case_facts
from rightsdesk.cases.links.selectors import link_panel
from rightsdesk.cases.replies.forms import reply_start_context
from rightsdesk.cases.selectors import grantable_users, readers
from rightsdesk.cases.services import (
    case_open,
)
from rightsdesk.cases.timeline import case_history, case_timeline, next_crisis_step
from rightsdesk.cases.triage.forms import triage_context
from rightsdesk.cases.triage.selectors import OpenedStep
from rightsdesk.core.countries import country_name


def render_case_page(
    request: HttpRequest,
    number: str,
    *,
    problem: str = "",
    status: int = 200,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """The case page, through the access gate; audited as a read by `case_open`.

    Refused actions (`rightsdesk.cases.http`) call it with the reason in `problem`, the status to
    answer, and the refused form as the handler filled it in `bound`, under the name of the block
    that shows it (`reply`, `note`, `classification`, `vetting`, `mandate`), so the handler sees
    what they typed.

    The page is a workspace: the case's facts and the small actions on them in a sidebar, one
    timeline of everything that happened (`rightsdesk.cases.timeline`), and the forms for the
    next step under it, then the pillars' panels (`rightsdesk.cases.extensions`), whose events
    join the timeline. It renders in the reader's own time zone, so every date on it (through
    the `rd_dates` filters) is in the zone it names.
    """
    bound = bound or {}
    user = staff_user(request)
    case = access_case(user, number)
    key = unlock_case(case, user, unlocked_key(request))
    opened = case_open(case=case, key=key, actor=user)
    with timezone.override(user.zone):
        crisis = crisis_panel(case, key)
        triage = triage_context(case, key, opened.report, bound)
        panels = case_panels(request, case, key, bound)
        subjects = {name: label for panel in panels for name, label in panel.subjects.items()}
        context = {
            "opened": opened,
            "facts": case_facts(case, opened.report),
            "country": country_name(case.country) if case.country else "",
            "reply": bound.get("reply") or ReplyForm(auto_id="reply_%s"),
            "status_form": StatusForm(
                initial={"status": case.status, "version": case.version}, auto_id="status_%s"
            ),
            "labels_form": LabelsForm(
                initial={"labels": ", ".join(case.labels), "version": case.version},
                auto_id="labels_%s",
            ),
            "priority_form": PriorityForm(
                initial={"priority": case.priority, "version": case.version},
                auto_id="priority_%s",
            ),
            "note": bound.get("note") or NoteForm(auto_id="note_%s"),
            "readers": readers(case),
            "grantable": grantable_users(case),
            "problem": problem,
            "crisis": crisis,
            "next_step": next_crisis_step(crisis),
            "links": link_panel(case, user),
            "panels": panels,
            "triage": triage,
            "timeline": case_timeline(
                opened,
                steps=cast("list[OpenedStep]", triage["steps"]),
                crisis=crisis,
                history=case_history(case, subjects),
                extra=[item for panel in panels for item in panel.timeline],
            ),
            "reply_templates": reply_start_context(request, case, opened.report),
        }
        return render(request, "cases/case.html", context, status=status)
