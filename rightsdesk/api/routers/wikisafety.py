"""Trust and safety on the wikis: the watched wikis (admins), protected volunteers of a case
(through the case's gate; values go in, never come out), and the endpoint a wiki's
ReportIncident forwarder posts its reports to (authenticated by the wiki's own report token).

The evaluation queue's operations are in `wikisafety_queue` (another router).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.security import HttpBearer

from rightsdesk.accounts.policy import require_admin
from rightsdesk.api import shapes
from rightsdesk.api.auth import bearer, staff_case, staff_of, staff_token
from rightsdesk.api.errors import ApiError, errors, validated
from rightsdesk.api.parsing import In, Json, choices_of, doc, json_object
from rightsdesk.wikisafety.forms import WikiForm
from rightsdesk.wikisafety.incidents.payload import PayloadError, parse_report
from rightsdesk.wikisafety.incidents.services import incident_receive
from rightsdesk.wikisafety.mediawiki.selectors import wiki_for_report_token, wiki_rows
from rightsdesk.wikisafety.mediawiki.services import wiki_register
from rightsdesk.wikisafety.mediawiki.setup import report_token_issue
from rightsdesk.wikisafety.mediawiki.watcher import describe_error
from rightsdesk.wikisafety.models import ProtectedVolunteer, Wiki
from rightsdesk.wikisafety.protection.selectors import volunteer_of, volunteers_of
from rightsdesk.wikisafety.protection.services import (
    Consent,
    ProtectedEntry,
    protect,
    protection_withdraw,
)
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind

router = Router(tags=["wikisafety"], by_alias=True)
C = "/wikisafety/cases/{number}/protected"


class WikiReportToken(HttpBearer):
    """The token a wiki's report forwarder sends (issued on the wiki's page, stored hashed)."""

    def __call__(self, request: HttpRequest) -> Wiki | None:
        token = bearer(request)
        return self.authenticate(request, token) if token else None

    def authenticate(self, request: HttpRequest, token: str) -> Wiki | None:
        return wiki_for_report_token(token)


wiki_report_token = WikiReportToken()


class WikiOut(shapes.Out):
    id: str
    name: str
    api_url: str
    namespaces: list[int]
    language: str
    bot_username: str
    watched: bool
    last_ok_at: str | None
    position_at: str | None
    failures: int
    backoff_until: str | None
    last_error: str = doc(description="the error code of the last failed round, or empty")
    last_error_words: str = doc(description="the same in words, in the language asked for")


class WikiList(shapes.Out):
    wikis: list[WikiOut]


class WikiCreated(shapes.Out):
    id: str
    report_token: str = doc(description="shown once: the wiki's forwarder sends it as a bearer")


class WikiIn(In):
    name: str = doc(maxLength=100)
    api_url: str = doc(maxLength=300, description="the wiki's …/api.php")
    namespaces: list[int] = doc(items={"enum": choices_of(WikiForm, "namespaces")})
    language: str
    bot_username: str = doc(maxLength=255)
    bot_password: str = doc(maxLength=200, description="sealed; never returned")


class EntryIn(In):
    kind: str = doc(enum=list(PhraseKind.values))
    value: str = doc(
        maxLength=300,
        description='the value to protect, kept only as keyed digests; for "photo", the '
        "file's SHA-1 (40 hex digits)",
    )


class ProtectIn(In):
    consent_means: str = doc(enum=list(ConsentMeans.values))
    consent_given_at: str = doc(format="date-time")
    entries: list[EntryIn] = doc(minItems=1, maxItems=40)


class ProtectedOut(shapes.Out):
    id: str
    kinds: list[str]
    consent_means: str
    consent_given_at: str
    registered_at: str
    withdrawn_at: str | None


class ProtectedList(shapes.Out):
    protected: list[ProtectedOut]


class IncidentOut(shapes.Out):
    id: str
    opened_case: bool = doc(description="an emergency: a P1 case and its crisis were opened")
    queued: bool = doc(description="a finding in the evaluation queue holds the report")


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


@router.get(
    "/wikisafety/wikis",
    auth=staff_token,
    response={200: WikiList, **errors(401, 403)},
    operation_id="wikiList",
    summary="The watched wikis and how the watcher fares on each (admins)",
)
def wiki_list(request: HttpRequest) -> WikiList:
    require_admin(staff_of(request).user)
    return WikiList(
        wikis=[
            WikiOut(
                id=str(wiki.uid),
                name=wiki.name,
                api_url=wiki.api_url,
                namespaces=list(wiki.namespaces),
                language=wiki.language,
                bot_username=wiki.bot_username,
                watched=wiki.active,
                last_ok_at=_iso(status.last_ok_at),
                position_at=_iso(position.last_timestamp),
                failures=status.failures,
                backoff_until=_iso(status.backoff_until),
                last_error=status.last_error,
                last_error_words=describe_error(status.last_error) if status.last_error else "",
            )
            for wiki, status, position in wiki_rows()
        ]
    )


@router.post(
    "/wikisafety/wikis",
    auth=staff_token,
    response={201: WikiCreated, **errors(400, 401, 403, 415)},
    operation_id="wikiRegister",
    summary="Register a wiki and its bot (admins); the report forwarder's token is shown once",
)
def wiki_add(request: HttpRequest, body: Annotated[WikiIn, Json()]) -> Status[WikiCreated]:
    user = staff_of(request).user
    require_admin(user)
    form = validated(WikiForm(body.model_dump()))
    wiki = wiki_register(actor=user, now=timezone.now(), **form.cleaned_data)
    token = report_token_issue(actor=user, wiki=wiki)
    return Status(201, WikiCreated(id=str(wiki.uid), report_token=token))


def _protected(volunteer: ProtectedVolunteer) -> ProtectedOut:
    return ProtectedOut(
        id=str(volunteer.uid),
        kinds=list(volunteer.kinds),
        consent_means=volunteer.consent_means,
        consent_given_at=volunteer.consent_given_at.isoformat(),
        registered_at=volunteer.registered_at.isoformat(),
        withdrawn_at=_iso(volunteer.withdrawn_at),
    )


@router.get(
    C,
    auth=staff_token,
    response={200: ProtectedList, **errors(401, 404)},
    operation_id="protectedList",
    summary="Who is protected on a case: kinds and consent only (the values exist nowhere)",
)
def protected_list(request: HttpRequest, number: str) -> ProtectedList:
    _staff, case = staff_case(request, number)
    return ProtectedList(protected=[_protected(v) for v in volunteers_of(case.pk)])


@router.post(
    C,
    auth=staff_token,
    response={201: ProtectedOut, **errors(400, 401, 404, 415)},
    operation_id="protectedRegister",
    summary="Protect a volunteer of an open case, with consent recorded; values never returned",
)
def protected_register(
    request: HttpRequest, number: str, body: Annotated[ProtectIn, Json()]
) -> Status[ProtectedOut]:
    staff, case = staff_case(request, number)
    try:
        given = datetime.fromisoformat(body.consent_given_at)
    except ValueError as error:
        raise ApiError(
            "invalid", "consent_given_at: not a date and time", field="consent_given_at"
        ) from error
    if timezone.is_naive(given):
        given = timezone.make_aware(given)
    if body.consent_means not in ConsentMeans.values:
        raise ApiError("invalid", "consent_means", field="consent_means")
    if any(entry.kind not in PhraseKind.values for entry in body.entries):
        raise ApiError("invalid", "entries: unknown kind", field="entries")
    volunteer = protect(
        case=case,
        actor=staff.user,
        entries=[ProtectedEntry(PhraseKind(e.kind), e.value) for e in body.entries],
        consent=Consent(given_at=given, means=ConsentMeans(body.consent_means)),
    )
    return Status(201, _protected(volunteer))


@router.post(
    f"{C}/{{uid}}/withdraw",
    auth=staff_token,
    response={200: ProtectedOut, **errors(401, 404)},
    operation_id="protectedWithdraw",
    summary="Stop protecting a volunteer: the digests are deleted, the record stays",
)
def protected_withdraw(request: HttpRequest, number: str, uid: str) -> ProtectedOut:
    staff, case = staff_case(request, number)
    volunteer = volunteer_of(case.pk, uid) if _uuid(uid) else None
    if volunteer is None:
        raise ApiError("not_found", "Not found.", 404)
    protection_withdraw(volunteer=volunteer, actor=staff.user)
    volunteer.refresh_from_db()
    return _protected(volunteer)


def _uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@router.post(
    "/wikisafety/incidents",
    auth=wiki_report_token,
    response={202: IncidentOut, **errors(400, 401, 415, 429, 503)},
    operation_id="wikiIncidentReport",
    summary="A report from a wiki's ReportIncident dialog, in the extension's own shape",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["revisionId", "incidentType"],
                        "properties": {
                            "revisionId": {"type": "integer", "minimum": 0},
                            "incidentType": {
                                "enum": [
                                    "immediate-threat-physical-harm",
                                    "unacceptable-user-behavior",
                                ]
                            },
                            "physicalHarmType": {
                                "enum": [
                                    "threats-physical-harm",
                                    "threats-self-harm",
                                    "threats-public-harm",
                                ]
                            },
                            "behaviorType": {"type": "string"},
                            "page": {"type": "string"},
                            "reportedUser": {"type": "string"},
                            "details": {"type": "string", "maxLength": 1000},
                            "somethingElseDetails": {"type": "string", "maxLength": 1000},
                            "threadId": {"type": "string"},
                            "directReport": {"type": "string", "maxLength": 1000},
                            "token": {"type": "string"},
                        },
                    }
                }
            },
        }
    },
)
def incident_report(request: HttpRequest) -> Status[IncidentOut]:
    wiki = getattr(request, "auth", None)
    if not isinstance(wiki, Wiki):
        raise TypeError("the operation requires a wiki's report token")
    try:
        report = parse_report(json_object(request))
    except PayloadError as error:
        raise ApiError(error.code, error.message, field=error.field or None) from error
    row = incident_receive(wiki=wiki, report=report, now=timezone.now())
    return Status(
        202,
        IncidentOut(
            id=str(row.uid), opened_case=row.case_id is not None, queued=bool(row.finding_id)
        ),
    )
