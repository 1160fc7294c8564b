"""JSON shapes of the API's answers (documented in rightsdesk.api.schema)."""

from __future__ import annotations

from typing import Any

from rightsdesk.cases.models import Case
from rightsdesk.cases.services import OpenedAttachment, OpenedCase


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "number": case.number,
        "received": case.created_on.isoformat(),
        "updated": case.updated_on.isoformat(),
        "status": case.status,
        "priority": case.priority or None,
        "emergency": case.emergency,
        "threat_types": list(case.threat_types),
        "rights": list(case.rights),
        "country": case.country or None,
        "labels": list(case.labels),
        "assignee": case.assignee.username if case.assignee_id and case.assignee else None,
        "version": case.version,
    }


def linked_case(case: Case, kind: str) -> dict[str, Any]:
    """A linked case as its viewer may see it: clear metadata only (rightsdesk.cases.links)."""
    return {
        "number": case.number,
        "kind": kind,
        "status": case.status,
        "priority": case.priority or None,
    }


def _files(items: list[OpenedAttachment]) -> list[dict[str, Any]]:
    return [
        {
            "id": item.uid,
            "name": item.meta.name,
            "type": item.meta.mime,
            "size": item.meta.size,
            "cleaned": item.meta.cleaned,
        }
        for item in items
    ]


def opened_case(opened: OpenedCase, *, staff: bool) -> dict[str, Any]:
    report = opened.report
    body: dict[str, Any] = {
        "case": case_summary(opened.case)
        if staff
        else {
            "received": opened.case.created_on.isoformat(),
            "status": opened.case.status,
            "emergency": opened.case.emergency,
        },
        "report": {
            "narrative": report.narrative,
            "contact": report.contact,
            "threat_types": list(opened.case.threat_types),
            "actor": list(report.actor_types),
            "reasons": list(report.reasons),
            "rights": list(opened.case.rights),
            "country": opened.case.country or None,
            "since": report.since or None,
            "ongoing": {"yes": True, "no": False}.get(report.ongoing),
            "language": report.language,
        },
        "files": _files(opened.attachments),
        "messages": [
            {
                "id": message.uid,
                "from": message.direction,
                "date": str(message.created_on),
                "body": message.body,
                "files": _files(message.attachments),
                **({"author": message.author or None} if staff else {}),
            }
            for message in opened.messages
        ],
    }
    return body
