"""The wikis panel of the case page (settings.RIGHTSDESK_CASE_PANELS): the findings a decision
linked to this case, the revisions hidden or suppressed for it (with the time from the edit to
the removal), and their events on the case's timeline. Casework does not import this app: the
case page calls `case_panel` by its dotted name, after the case's gate and `case_open`, with the
case key (so the notes sealed to the case open). It writes nothing."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.cases.extensions import CasePanel
from rightsdesk.cases.models import Case
from rightsdesk.cases.timeline import TimelineItem
from rightsdesk.wikisafety.queue.access import may_evaluate
from rightsdesk.wikisafety.queue.labels import duration_text
from rightsdesk.wikisafety.queue.notes import open_note
from rightsdesk.wikisafety.queue.selectors import (
    decisions_of_case,
    findings_of_case,
    removals_of_case,
)


def case_panel(
    request: HttpRequest, case: Case, case_key: PrivateKey, bound: dict[str, forms.Form]
) -> CasePanel | None:
    """None when no finding or removal is linked to the case."""
    findings = findings_of_case(case)
    if not findings:
        return None
    removals = removals_of_case(case)
    decisions = decisions_of_case(case)
    items = []
    for d in decisions:
        note = open_note(d, case_key)
        items.append(
            TimelineItem(
                kind="wikisafety",
                label=_("Wiki finding"),
                on=timezone.localtime(d.at).date(),
                at=d.at,
                who=d.actor.username if d.actor else "",
                title=_("Finding on “%(page)s” (r%(revid)s) decided: %(state)s")
                % {
                    "page": d.finding.revision.page_title,
                    "revid": d.finding.revision.revid,
                    "state": d.get_state_display(),
                },
                body=note or "",
                anchor=f"wiki-decision-{d.uid}",
            )
        )
    for r in removals:
        what = _("suppressed on the wiki") if r.suppressed else _("hidden on the wiki")
        items.append(
            TimelineItem(
                kind="wikisafety",
                label=_("Wiki removal"),
                on=timezone.localtime(r.at).date(),
                at=r.at,
                who=r.actor.username if r.actor else "",
                title=_("Revision r%(revid)s of “%(page)s” %(what)s, %(since)s after the edit")
                % {
                    "revid": r.revision.revid,
                    "page": r.revision.page_title,
                    "what": what,
                    "since": duration_text(r.since_edit),
                },
                anchor=f"wiki-removal-{r.uid}",
            )
        )
        if r.undone_at is not None:
            items.append(
                TimelineItem(
                    kind="wikisafety",
                    label=_("Wiki removal"),
                    on=timezone.localtime(r.undone_at).date(),
                    at=r.undone_at,
                    who=r.undone_by.username if r.undone_by else "",
                    title=_("Removal of revision r%(revid)s undone") % {"revid": r.revision.revid},
                )
            )
    user = getattr(request, "user", None)
    return CasePanel(
        template="wikisafety/queue/_case_panel.html",
        context={
            "findings": findings,
            "removals": removals,
            "may_evaluate": user is not None and may_evaluate(user),
        },
        timeline=items,
        anchor="wikisafety",
        title=_("Wiki safety"),
    )
