"""The wikis' evaluation queue (staff): list, one finding, decide, remove on the wiki, undo.

Every finding goes through the queue's gate (`wikisafety.queue.access`): without the
`evaluate_findings` permission, the list and every finding answer the same 404 as a missing
one. The detail holds no clear value of the personal data: the kinds, recognisers and character
spans only (the context, masked or revealed, is on the staff page, where a reveal is audited).
Input is checked by the pages' forms, then the same services, so refusals are the same (a
decision the rules do not allow or a stale version: 400 or 409 `stale`; removal before a
confirming decision, without the permission or a bot lacking a right: 400 with the reason).
"""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from rightsdesk.accounts.models import User
from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import In, Json, choices_of, doc
from rightsdesk.cases.access import unlock_case
from rightsdesk.wikisafety.models import Finding, Removal
from rightsdesk.wikisafety.queue.access import (
    access_finding,
    access_findings,
    may_evaluate,
    readable_findings,
    visible_cases,
)
from rightsdesk.wikisafety.queue.forms import DecideForm, FilterForm, RemoveForm
from rightsdesk.wikisafety.queue.removal import finding_remove, finding_restore
from rightsdesk.wikisafety.queue.selectors import cases_with_notes, finding_facts, queue_rows
from rightsdesk.wikisafety.queue.services import finding_decide

router = Router(tags=["wikisafety"], auth=staff_token, by_alias=True)
F = "/wikisafety/findings/{uid}"


class FindingSummary(shapes.Out):
    id: str
    wiki: str
    page: str
    revision: int
    editor: str
    edited_at: str
    found_at: str
    priority: str
    state: str
    version: int
    kinds: list[str]
    recognisers: list[str]
    removed: bool
    case: str | None = doc(None, description="the linked case's number, if you may read it")


class FindingList(shapes.Out):
    findings: list[FindingSummary]


class SpanOut(shapes.Out):
    start: int
    end: int
    kind: str


class DecisionOut(shapes.Out):
    state: str
    at: str
    by: str
    case: str | None
    opened_case: bool
    note: str | None = doc(None, description="null: sealed to a case you cannot open")


class RemovalOut(shapes.Out):
    id: str
    at: str
    by: str
    content: bool
    summary: bool
    user: bool
    suppressed: bool
    reason: str
    since_edit_seconds: int
    case: str | None
    undone_at: str | None


class FindingDetail(shapes.Out):
    finding: FindingSummary
    spans: list[SpanOut]
    protected_volunteers: int
    protected_cases: list[str]
    decisions: list[DecisionOut]
    removals: list[RemovalOut]


class RemovalList(shapes.Out):
    removals: list[RemovalOut]


class DecideIn(In):
    decision: str = doc(enum=choices_of(DecideForm, "decision"))
    version: int = doc(minimum=0, description="the finding's version you read")
    note: str = doc("", maxLength=4000, description="sealed")
    open_case: bool = False
    join: str = doc("", maxLength=20, description="the number of a case you may read")


class RemoveIn(In):
    parts: list[str] = doc(["content"], items={"enum": choices_of(RemoveForm, "parts")})
    suppress: bool = True
    reason: str = doc(enum=choices_of(RemoveForm, "reason"))


class BulkRemoveIn(RemoveIn):
    findings: list[str] = doc(minItems=1, maxItems=100, description="finding ids, one wiki")


class UndoIn(In):
    removal: str = doc(description="the removal's id")


def _summary(
    f: Finding, user: User, removed: bool | None = None, readable: set[int] | None = None
) -> FindingSummary:
    if readable is None:
        case = visible_cases(user, [f.case]) if f.case_id and f.case else []
    else:
        case = [f.case] if f.case_id in readable and f.case else []
    if removed is None:
        removed = bool(getattr(f, "removed", False))
    return FindingSummary(
        id=str(f.uid),
        wiki=f.revision.wiki.name,
        page=f.revision.page_title,
        revision=f.revision.revid,
        editor=f.revision.user,
        edited_at=f.revision.timestamp.isoformat(),
        found_at=f.found_at.isoformat(),
        priority=f.priority,
        state=f.state,
        version=f.version,
        kinds=list(f.kinds),
        recognisers=list(f.recognisers),
        removed=removed,
        case=case[0].number if case else None,
    )


def _removal(r: Removal, user: User) -> RemovalOut:
    case = visible_cases(user, [r.case]) if r.case_id and r.case else []
    return RemovalOut(
        id=str(r.uid),
        at=r.at.isoformat(),
        by=r.actor.username if r.actor else "",
        content=r.hid_content,
        summary=r.hid_summary,
        user=r.hid_user,
        suppressed=r.suppressed,
        reason=r.reason_code,
        since_edit_seconds=int(r.since_edit.total_seconds()),
        case=case[0].number if case else None,
        undone_at=r.undone_at.isoformat() if r.undone_at else None,
    )


def _detail(request: HttpRequest, uid: str) -> FindingDetail:
    staff = staff_of(request)
    found = access_finding(staff.user, uid)
    keys = {
        c.pk: unlock_case(c, staff.user, staff.key) for c in cases_with_notes(found, staff.user)
    }
    facts = finding_facts(found, staff.user, keys)
    return FindingDetail(
        finding=_summary(found, staff.user, any(r.undone_at is None for r in facts.removals)),
        spans=[SpanOut(start=int(s), end=int(e), kind=str(k)) for s, e, k in found.spans],
        protected_volunteers=facts.protected_count,
        protected_cases=[c.number for c in facts.protected_cases],
        decisions=[
            DecisionOut(
                state=d.decision.state,
                at=d.decision.at.isoformat(),
                by=d.decision.actor.username if d.decision.actor else "",
                case=d.case.number if d.case else None,
                opened_case=d.decision.opened_case,
                note=d.note,
            )
            for d in facts.decisions
        ],
        removals=[_removal(r, staff.user) for r in facts.removals],
    )


@router.get(
    "/wikisafety/findings",
    response={200: FindingList, **errors(400, 401, 404)},
    operation_id="wikisafetyFindingList",
    summary="The evaluation queue: P1 first, then the oldest; no personal data",
)
def finding_list(request: HttpRequest, state: str = "", priority: str = "") -> FindingList:
    user = staff_of(request).user
    if not may_evaluate(user):
        raise Http404
    filters = validated(FilterForm({"state": state, "priority": priority}))
    rows = queue_rows(readable_findings(user).select_related("case"), **filters.cleaned_data)
    linked = [f.case for f in rows if f.case is not None]
    readable = {c.pk for c in visible_cases(user, linked)}
    return FindingList(findings=[_summary(f, user, readable=readable) for f in rows])


@router.get(
    F,
    response={200: FindingDetail, **errors(401, 404)},
    operation_id="wikisafetyFindingDetail",
    summary="One finding: where, what kinds, the spans, decisions and removals (no clear value)",
)
def finding_detail(request: HttpRequest, uid: str) -> FindingDetail:
    return _detail(request, uid)


@router.post(
    f"{F}/decide",
    response={200: FindingDetail, **errors(400, 401, 404, 409, 415)},
    operation_id="wikisafetyFindingDecide",
    summary="Decide a finding, optionally opening a case or joining one you may read",
)
def finding_decide_api(
    request: HttpRequest, uid: str, body: Annotated[DecideIn, Json()]
) -> FindingDetail:
    staff = staff_of(request)
    found = access_finding(staff.user, uid)
    data = body.model_dump()
    form = validated(
        DecideForm(
            {
                "decision": data["decision"],
                "version": data["version"],
                "note": data["note"],
                "case_action": "open" if data["open_case"] else "join" if data["join"] else "none",
                "case_number": data["join"],
            }
        )
    )
    finding_decide(
        actor=staff.user,
        finding=found,
        decision=form.cleaned_data["decision"],
        version=form.cleaned_data["version"],
        note=form.cleaned_data["note"],
        open_case=bool(data["open_case"]),
        join=data["join"] if not data["open_case"] else "",
        now=timezone.now(),
    )
    return _detail(request, uid)


def _remove(request: HttpRequest, uids: list[str], body: RemoveIn) -> RemovalList:
    staff = staff_of(request)
    findings = access_findings(staff.user, uids)
    data = body.model_dump()
    form = validated(RemoveForm({**data, "suppress": "on" if data["suppress"] else ""}))
    done = finding_remove(
        actor=staff.user,
        findings=findings,
        parts=form.cleaned_data["parts"],
        suppress=form.cleaned_data["suppress"],
        reason_code=form.cleaned_data["reason"],
        now=timezone.now(),
    )
    return RemovalList(removals=[_removal(r, staff.user) for r in done])


@router.post(
    f"{F}/remove",
    response={200: RemovalList, **errors(400, 401, 404, 415)},
    operation_id="wikisafetyFindingRemove",
    summary="Hide (and suppress) a confirmed finding's revision on the wiki, through the bot",
)
def finding_remove_api(
    request: HttpRequest, uid: str, body: Annotated[RemoveIn, Json()]
) -> RemovalList:
    return _remove(request, [uid], body)


@router.post(
    "/wikisafety/remove",
    response={200: RemovalList, **errors(400, 401, 404, 415)},
    operation_id="wikisafetyFindingsRemove",
    summary="Hide several confirmed findings' revisions (one attack, one wiki) at once",
)
def findings_remove_api(request: HttpRequest, body: Annotated[BulkRemoveIn, Json()]) -> RemovalList:
    return _remove(request, list(body.findings), body)


@router.post(
    f"{F}/undo",
    response={200: FindingDetail, **errors(400, 401, 404, 415)},
    operation_id="wikisafetyRemovalUndo",
    summary="Undo a removal of the finding's revision: the wiki shows it again",
)
def finding_undo_api(
    request: HttpRequest, uid: str, body: Annotated[UndoIn, Json()]
) -> FindingDetail:
    staff = staff_of(request)
    found = access_finding(staff.user, uid)
    finding_restore(actor=staff.user, finding=found, removal=body.removal, now=timezone.now())
    return _detail(request, uid)
