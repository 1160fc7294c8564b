"""The case page's timeline: everything that happened to a case, in one column, oldest first.

A read, built from what the case page has already opened through the gate (the report, messages,
notes, triage steps and crisis, opened with the case key by `case_open` and the panels), plus the
audit log's entries about the case (`case_history`), which say *that* the status, priority,
labels, assignee or readers changed, by whom and when, never to what: the audit log holds no
content, and this module opens nothing sealed. The pillars' panels on the case page
(`rightsdesk.cases.extensions`) add their own items (`extra`) and name the records their audit
lines point at (`subjects`): a referral's steps read "sent to Legal Aid Network".

Messages, notes and the report are stored with their day only (a seized database tells less
about when people wrote), so within one day they are listed before the events that have a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    *("case.legal_hold.", "case.page.", "case.referral."),
)
# The audit log names the volunteer's own steps (a consent in the inbox) so, with the day only.
_VOLUNTEER = "reporter"


@dataclass(frozen=True)
class HistoryEntry:
    """One audited change to a case: what kind, who, when. No values: the log holds none."""

    action: str
    who: str
    at: datetime
    text: str
    # Recorded with its day only (the volunteer's steps): shown without a time.
    coarse: bool = False


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
    # The item's kind in words, for kinds the case page does not know (a pillar's panel sets it).
    label: str = ""


def _referral_text(step: str, partner: str) -> str:
    """A step of a referral (partners.services.common.audit: "case.referral.<step>"), in words.
    Never content: the audit line holds none, only which referral (its partner's name)."""
    texts = {
        "draft": _("drafted a referral to %(partner)s"),
        "ask": _("asked the volunteer to agree to the referral to %(partner)s"),
        "consent.agreed": _("the volunteer agreed to the referral to %(partner)s"),
        "consent.declined": _("the volunteer declined the referral to %(partner)s"),
        "consent.withdrawn": _(
            "the volunteer withdrew their consent to the referral to %(partner)s"
        ),
        "override.requested": _("asked to refer to %(partner)s without the volunteer's consent"),
        "override.approved": _(
            "approved the referral to %(partner)s without the volunteer's consent"
        ),
        "sent": _("referral sent to %(partner)s"),
        "received": _("%(partner)s received the referral"),
        "accepted": _("%(partner)s accepted the referral"),
        "declined": _("%(partner)s declined the referral"),
        "in_progress": _("%(partner)s started working on the referral"),
        "completed": _("%(partner)s reported the referral completed"),
        "failed": _("%(partner)s reported that the referral failed"),
        "cancelled": _("cancelled the referral to %(partner)s"),
        "update": _("posted an update on the referral to %(partner)s"),
        "expired": _("the referral to %(partner)s expired: the consent ran out"),
        "overdue": _("escalation: %(partner)s did not answer the referral in time"),
    }
    text = texts.get(step, _("changed the referral to %(partner)s"))
    return text % {"partner": partner or _("a partner")}


def _change_text(
    action: str, target: str, names: dict[str, str], subjects: Mapping[str, str]
) -> str:
    """What an audit action says, in words; `target` names a grantee ("RD-1:user:7") or another
    record under the case ("RD-1:referral:<uid>", named by `subjects`)."""
    if action.startswith("case.referral."):
        subject = target.split(":", 1)[-1] if ":" in target else ""
        return _referral_text(action.removeprefix("case.referral."), subjects.get(subject, ""))
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


def _who(actor: str, names: dict[str, str]) -> str:
    if actor.startswith("user:"):
        return names.get(actor.split(":", 1)[1], "?")
    return _("Reporter") if actor == _VOLUNTEER else _("rightsdesk")


def case_history(case: Case, subjects: Mapping[str, str] | None = None) -> list[HistoryEntry]:
    """The audited changes to `case` worth a line in its timeline, oldest first (the newest
    `HISTORY_LIMIT`). Call after `access_case`: the case is the gate. Two queries. `subjects`
    names the records under the case that audit lines point at (from the case page's panels)."""
    subjects = subjects or {}
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
            who=_who(actor, names),
            at=at,
            text=_change_text(action, target, names, subjects),
            coarse=actor == _VOLUNTEER,
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
    extra: Iterable[TimelineItem] = (),
) -> list[TimelineItem]:
    """One list of everything that happened, oldest first, from what the page already opened:
    `opened` (from `case_open`), the triage `steps` (`steps_opened`), the `crisis` panel
    (`crisis_panel`), the audited `history` (`case_history`) and the panels' own items
    (`extra`, from `rightsdesk.cases.extensions.case_panels`)."""
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
                kind="change",
                on=entry.at.date() if entry.coarse else _local_day(entry.at),
                at=None if entry.coarse else entry.at,
                who=entry.who,
                title=entry.text,
            )
        )
    items += extra
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
