"""The case page's timeline: everything that happened to a case, in one column, oldest first.

A read, built from what the case page has already opened through the gate (the report, messages,
notes, triage steps and crisis, opened with the case key by `case_open` and the panels), plus the
audit log's entries about the case (`case_history`), which say *that* the status, priority,
labels, assignee or readers changed, by whom and when, never to what: the audit log holds no
content, and this module opens nothing sealed.

Messages, notes and the report are stored with their day only (a seized database tells less
about when people wrote), so within one day they are listed before the events that have a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import OpenedCase

# How many audit entries a timeline shows at most (the newest): a case edited daily for a year
# stays one page.
HISTORY_LIMIT = 200

# Audit actions the timeline shows from the log; the others are shown from their own rows
# (the report, messages, notes, triage steps) or are reads, which would flood it.
_SHOWN = (
    *("case.edit.", "case.grant", "case.revoke", "case.link", "case.unlink", "case.classify"),
    *("case.legal_hold.", "case.page."),
)


@dataclass(frozen=True)
class HistoryEntry:
    """One audited change to a case: what kind, who, when. No values: the log holds none."""

    action: str
    who: str
    at: datetime
    text: str


@dataclass(frozen=True)
class TimelineItem:
    """One row of the timeline. `kind` picks its look: report, message, note, triage, crisis,
    decision, change. `at` is set for events with a time; `on` is the day for every item."""

    kind: str
    on: date
    at: datetime | None = None
    who: str = ""
    title: str = ""
    body: str = ""
    direction: str = ""
    attachments: list[Any] = field(default_factory=list)
    anchor: str = ""


def _change_text(action: str, target: str, names: dict[str, str]) -> str:
    """What an audit action says, in words; `target` names a grantee ("RD-1:user:7")."""
    grantee = names.get(target.rsplit(":", 1)[-1], "") if ":user:" in target else ""
    texts = {
        "case.edit.status": _("changed the status"),
        "case.edit.priority": _("changed the priority"),
        "case.edit.labels": _("changed the labels"),
        "case.edit.assignee": _("changed who the case is assigned to"),
        "case.classify": _("classified the case"),
        "case.link": _("linked this case to another"),
        "case.unlink": _("removed a link to another case"),
        "case.legal_hold.on": _("put the case under legal hold"),
        "case.legal_hold.off": _("lifted the legal hold"),
    }
    if action == "case.grant":
        return _("gave access to %(name)s") % {"name": grantee or "?"}
    if action == "case.revoke":
        return _("removed the access of %(name)s") % {"name": grantee or "?"}
    if action.startswith("case.page."):
        return _("escalation: the team was paged")
    return texts.get(action, _("changed the case"))


def case_history(case: Case) -> list[HistoryEntry]:
    """The audited changes to `case` worth a line in its timeline, oldest first (the newest
    `HISTORY_LIMIT`). Call after `access_case`: the case is the gate. Two queries."""
    shown = Q()
    for prefix in _SHOWN:
        shown |= Q(action__startswith=prefix)
    about = Q(target_id=case.number) | Q(target_id__startswith=f"{case.number}:")
    rows = list(
        AuditEntry.objects.filter(shown, about, target_type="case")
        .order_by("-seq")
        .values_list("action", "actor", "target_id", "at")[:HISTORY_LIMIT]
    )
    rows.reverse()
    ids = {actor.split(":", 1)[1] for _, actor, _, _ in rows if actor.startswith("user:")}
    ids |= {target.rsplit(":", 1)[1] for _, _, target, _ in rows if ":user:" in target}
    names = {
        str(pk): name
        for pk, name in User.objects.filter(pk__in=[i for i in ids if i.isdigit()]).values_list(
            "pk", "username"
        )
    }
    return [
        HistoryEntry(
            action=action,
            who=names.get(actor.split(":", 1)[1], "?")
            if actor.startswith("user:")
            else _("rightsdesk"),
            at=at,
            text=_change_text(action, target, names),
        )
        for action, actor, target, at in rows
    ]


def _local_day(moment: datetime) -> date:
    return moment.astimezone(timezone.get_current_timezone()).date()


def case_timeline(
    opened: OpenedCase,
    *,
    steps: Iterable[Any],
    crisis: dict[str, Any] | None,
    history: Iterable[HistoryEntry],
) -> list[TimelineItem]:
    """One list of everything that happened, oldest first, from what the page already opened:
    `opened` (from `case_open`), the triage `steps` (`steps_opened`), the `crisis` panel
    (`crisis_panel`) and the audited `history` (`case_history`)."""
    case = opened.case
    items = [
        TimelineItem(
            kind="report",
            on=case.created_on,
            who=_("Reporter"),
            body=opened.report.narrative,
            attachments=opened.attachments,
            anchor="report",
        )
    ]
    for message in opened.messages:
        items.append(
            TimelineItem(
                kind="message",
                on=message.created_on,  # type: ignore[arg-type]
                who=message.author if message.direction == "team" else _("Reporter"),
                body=message.body,
                direction=message.direction,
                attachments=message.attachments,
                anchor=f"message-{message.uid}",
            )
        )
    for note in opened.notes:
        items.append(
            TimelineItem(
                kind="note",
                on=note.created_on,  # type: ignore[arg-type]
                who=note.author,
                body=note.body,
                anchor=f"note-{note.uid}",
            )
        )
    for step in steps:
        items.append(
            TimelineItem(
                kind="triage",
                on=_local_day(step.at),
                at=step.at,
                who=step.by,
                title=f"{str(step.kind_label).capitalize()}: {step.outcome_label}",
                body=step.note,
            )
        )
    if crisis is not None:
        items += _crisis_items(crisis)
    for entry in history:
        items.append(
            TimelineItem(
                kind="change", on=_local_day(entry.at), at=entry.at, who=entry.who, title=entry.text
            )
        )
    # Day first; within a day, items without a time (stored by day) before timed ones.
    return sorted(
        items,
        key=lambda item: (item.on, item.at is not None, item.at or timezone.now()),
    )


def _crisis_items(crisis: dict[str, Any]) -> list[TimelineItem]:
    row = crisis["crisis"]
    lead = row.lead.username if row.lead else ""
    items = [
        TimelineItem(
            kind="crisis",
            on=_local_day(row.opened_at),
            at=row.opened_at,
            who=_("rightsdesk"),
            title=_("Crisis response opened; incident lead: %(lead)s") % {"lead": lead or "—"},
        )
    ]
    for step in crisis["checklist"].items:
        if step.row.done_at:
            items.append(
                TimelineItem(
                    kind="crisis",
                    on=_local_day(step.row.done_at),
                    at=step.row.done_at,
                    title=_("Crisis step done: %(step)s")
                    % {"step": step.title or step.row.step_id},
                )
            )
    for author, at, text in crisis["decisions"]:
        items.append(
            TimelineItem(
                kind="decision",
                on=_local_day(at),
                at=at,
                who=author,
                title=_("Decision"),
                body=text,
            )
        )
    if row.closed_at:
        items.append(
            TimelineItem(
                kind="crisis",
                on=_local_day(row.closed_at),
                at=row.closed_at,
                title=_("Crisis response closed"),
            )
        )
    return items


def next_crisis_step(crisis: dict[str, Any] | None) -> Any:
    """The open crisis's first step not done yet, by due time (for the sidebar's countdown)."""
    if crisis is None or crisis["crisis"].closed_at:
        return None
    pending = [item for item in crisis["checklist"].items if not item.row.done_at]
    return min(pending, key=lambda item: item.row.due_at) if pending else None
