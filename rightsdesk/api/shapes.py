"""Answers that several areas share, as pydantic schemas, and how to build them from the services'
objects. ninja checks every answer against its schema and the OpenAPI description is generated
from the same classes, so a field cannot be returned without being documented.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ConfigDict, Field

from rightsdesk.api.parsing import TypeMessage, doc
from rightsdesk.cases.models import Case
from rightsdesk.cases.queues.selectors import PRIORITIES
from rightsdesk.cases.services import OpenedAttachment, OpenedCase, OpenedMessage
from rightsdesk.cases.vocabulary import Status

STATUSES = list(Status.values)
VERSION_MESSAGE = gettext_lazy("“version” is required: the version you edited from.")
# The version an edit was made from: a whole number, at least 0, that the database can hold.
Version = Annotated[int, Field(ge=0, le=2**63 - 1), TypeMessage(VERSION_MESSAGE)]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Created(Out):
    id: str


class Token(Out):
    token: str
    expires_in: int = Field(description="seconds without use before the token expires")


class CaseSummary(Out):
    """A case's clear metadata (never its content)."""

    number: str
    received: datetime.date
    updated: datetime.date
    status: str = doc(enum=STATUSES)
    priority: str | None = doc(enum=[*PRIORITIES, None])
    emergency: bool
    threat_types: list[str]
    rights: list[str]
    country: str | None = doc(description="ISO 3166-1 alpha-2")
    labels: list[str]
    assignee: str | None = doc(description="a username")
    version: int = doc(description="send it back with an edit; it changes with every edit")


class ReporterCase(Out):
    """What a reporter sees of their case's metadata."""

    received: datetime.date
    status: str = doc(enum=STATUSES)
    emergency: bool


class Report(Out):
    narrative: str
    contact: str
    threat_types: list[str]
    actor: list[str]
    reasons: list[str]
    rights: list[str]
    country: str | None
    since: str | None
    ongoing: bool | None
    language: str


class File(Out):
    id: str
    name: str
    type: str
    size: int
    cleaned: bool = doc(description="false: kept with its metadata, as the sender asked")


class Message(Out):
    id: str
    from_: str = Field(alias="from", json_schema_extra={"enum": ["reporter", "team"]})
    date: datetime.date
    body: str
    files: list[File]


class StaffMessage(Message):
    author: str | None = doc(description="the team member who wrote it; null for the reporter")


class ReporterOpenedCase(Out):
    case: ReporterCase
    report: Report
    files: list[File]
    messages: list[Message]


class OpenedCaseOut(Out):
    """A case decrypted for a team member (the read is audited)."""

    case: CaseSummary
    priority_reason: str = doc(description="why the priority was set; sealed, opened with the key")
    report: Report
    files: list[File]
    messages: list[StaffMessage]


def case_summary(case: Case) -> CaseSummary:
    return CaseSummary(
        number=case.number,
        received=case.created_on,
        updated=case.updated_on,
        status=case.status,
        priority=case.priority or None,
        emergency=case.emergency,
        threat_types=list(case.threat_types),
        rights=list(case.rights),
        country=case.country or None,
        labels=list(case.labels),
        assignee=case.assignee.username if case.assignee_id and case.assignee else None,
        version=case.version,
    )


def _files(items: list[OpenedAttachment]) -> list[File]:
    return [
        File(
            id=str(item.uid),
            name=item.meta.name,
            type=item.meta.mime,
            size=item.meta.size,
            cleaned=item.meta.cleaned,
        )
        for item in items
    ]


def _report(opened: OpenedCase) -> Report:
    report, case = opened.report, opened.case
    return Report(
        narrative=report.narrative,
        contact=report.contact,
        threat_types=list(case.threat_types),
        actor=list(report.actor_types),
        reasons=list(report.reasons),
        rights=list(case.rights),
        country=case.country or None,
        since=report.since or None,
        ongoing={"yes": True, "no": False}.get(report.ongoing),
        language=report.language,
    )


def _message(message: OpenedMessage) -> dict[str, object]:
    return {
        "id": str(message.uid),
        "from": message.direction,
        "date": message.created_on,
        "body": message.body,
        "files": _files(message.attachments),
    }


def reporter_case(opened: OpenedCase) -> ReporterOpenedCase:
    case = opened.case
    return ReporterOpenedCase(
        case=ReporterCase(received=case.created_on, status=case.status, emergency=case.emergency),
        report=_report(opened),
        files=_files(opened.attachments),
        messages=[Message.model_validate(_message(m)) for m in opened.messages],
    )


def staff_case(opened: OpenedCase) -> OpenedCaseOut:
    return OpenedCaseOut(
        case=case_summary(opened.case),
        priority_reason=opened.priority_reason,
        report=_report(opened),
        files=_files(opened.attachments),
        messages=[
            StaffMessage.model_validate({**_message(m), "author": m.author or None})
            for m in opened.messages
        ],
    )
