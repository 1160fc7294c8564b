"""Reporters: file a report, sign in with the receipt, read the case, send a follow-up.

Reports and follow-ups come as JSON or as multipart/form-data with files (the `attachments`
parts), which Django's encrypting upload handler encrypts as they arrive, as on the report form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from django.conf import settings
from django.forms import CheckboxInput
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from rightsdesk.api import shapes
from rightsdesk.api.auth import inbox_of, reporter_token
from rightsdesk.api.errors import ApiError, errors, validated
from rightsdesk.api.parsing import FormIn, Json, LenientIn, choices_of, doc, limits_of, multipart
from rightsdesk.cases.services import case_open
from rightsdesk.cases.submission.attachments import AttachmentRefused
from rightsdesk.cases.vocabulary import Channel
from rightsdesk.core.countries import country_codes
from rightsdesk.core.files import SpooledUpload, uploads_of
from rightsdesk.intake import idempotency
from rightsdesk.intake import inbox as inbox_service
from rightsdesk.intake import services as intake
from rightsdesk.intake.extensions import HeldReceipt, receipt_open
from rightsdesk.intake.forms import MessageForm, ReceiptForm, ReportForm, report_parts

router = Router(tags=["reporters"], by_alias=True)

TRUTHY = {"true", "1", "yes", "on"}
# JSON (and multipart) name -> the report form's field name.
LISTS = {
    "threat_types": "threat_types",
    "actor": "actor_types",
    "reasons": "reasons",
    "rights": "rights",
}


def _codes(name: str) -> Any:
    return doc(None, items={"type": "string", "enum": choices_of(ReportForm, name)})


class ReportIn(FormIn):
    """A report. Values are judged by the report form of the web pages."""

    narrative: str = doc(**limits_of(ReportForm, "narrative"))
    threat_types: list[str] | None = _codes("threat_types")
    actor: list[str] | str | None = _codes("actor_types")
    reasons: list[str] | None = _codes("reasons")
    rights: list[str] | None = _codes("rights")
    country: str | None = doc(
        None, enum=[*country_codes(), "", None], description="ISO 3166-1 alpha-2"
    )
    since: str | None = doc(None, enum=[*choices_of(ReportForm, "since"), "", None])
    ongoing: bool | None = None
    emergency: bool | None = None
    contact: str | None = doc(None, **limits_of(ReportForm, "contact"))
    language: str | None = doc(None, enum=[code for code, _name in settings.LANGUAGES] + ["", None])
    keep_uncleaned: bool | None = doc(
        None, description="store files whose metadata cannot be removed"
    )

    @classmethod
    def from_form(cls, post: QueryDict) -> dict[str, Any]:
        """Multipart fields have the JSON names (lists repeated; booleans "true", "1", "yes",
        "on" or anything else for false; `ongoing` left empty for unknown)."""
        data: dict[str, Any] = {name: post.get(name, "") for name in post if name not in LISTS}
        data |= {name: post.getlist(name) for name in LISTS}
        data["narrative"] = post.get("narrative", "")
        for name in ("emergency", "keep_uncleaned", "ongoing"):
            raw = post.get(name, "").strip().lower()
            data[name] = None if name == "ongoing" and not raw else raw in TRUTHY
        return data

    def form_data(self) -> MultiValueDict[str, str]:
        """The data the report form validates."""
        form: MultiValueDict[str, str] = MultiValueDict()
        for name, form_name in LISTS.items():
            value = getattr(self, name)
            form.setlist(form_name, [value] if isinstance(value, str) else value or [])
        for name in ("narrative", "country", "since", "contact"):
            form[name] = getattr(self, name) or ""
        form["emergency"] = "yes" if self.emergency else "no"
        if self.ongoing is not None:
            form["ongoing"] = "yes" if self.ongoing else "no"
        if self.keep_uncleaned:
            form["keep_uncleaned"] = "on"
        return form


class ReportUpload(ReportIn):
    """A report as multipart/form-data."""

    attachments: list[UploadedFile] = doc(
        [],
        maxItems=settings.RIGHTSDESK_MAX_FILES,
        description=f"at most {settings.RIGHTSDESK_MAX_FILE_BYTES} bytes each, "
        f"{settings.RIGHTSDESK_MAX_REPORT_BYTES} together",
    )


class Receipt(shapes.Out):
    receipt: str = doc(pattern="^[0-9 ]{20,24}$", description="shown once: keep it safe")


class ReceiptIn(LenientIn):
    receipt: str = doc(**limits_of(ReceiptForm, "receipt"))


class MessageIn(FormIn):
    model_config = ConfigDict(extra="ignore")  # unknown fields were always ignored here

    body: str = doc(**limits_of(MessageForm, "body"))
    keep_uncleaned: bool | None = None

    @classmethod
    def from_form(cls, post: QueryDict) -> dict[str, Any]:
        checkbox = CheckboxInput().value_from_datadict(post, MultiValueDict(), "keep_uncleaned")
        return {"body": post.get("body", ""), "keep_uncleaned": checkbox}


class MessageUpload(MessageIn):
    """A follow-up as multipart/form-data."""

    attachments: list[UploadedFile] = Field(default_factory=list)


@dataclass(frozen=True)
class PersonMessage:
    """A message a reporting person typed, checked by the web form's own rules."""

    body: str
    keep_uncleaned: bool
    uploads: list[SpooledUpload]


def person_message(request: HttpRequest, body: MessageIn) -> PersonMessage:
    """The message and its files as the form checks them (400 with the form's message if not),
    for a reporter's and a grievance holder's follow-up alike."""
    form = validated(
        MessageForm({"body": body.body, "keep_uncleaned": "on" if body.keep_uncleaned else ""})
    )
    return PersonMessage(
        body=form.cleaned_data["body"],
        keep_uncleaned=form.cleaned_data["keep_uncleaned"],
        uploads=upload_list(request),
    )


def upload_list(request: HttpRequest) -> list[SpooledUpload]:
    """The request's encrypted uploads, or AttachmentRefused if the handler refused one."""
    uploads = uploads_of(request)
    problems = getattr(request, "upload_problems", None)
    if problems:
        raise AttachmentRefused(problems[0])
    return uploads


IDEMPOTENCY = {
    "in": "header",
    "name": idempotency.HEADER,
    "required": False,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22,128}$"},
    "description": "Optional, new and random for each report (at least 16 random bytes, "
    "base64url or hex). Sending the same report again with the same key after a broken "
    f"connection files it once: within {idempotency.REPLAY_SECONDS // 60} minutes the answer is "
    "the same receipt; later, or while the first request still runs, 409 already_sent.",
}


@router.post(
    "/reports",
    response={201: Receipt, **errors(400, 409, 415, 503)},
    openapi_extra={**multipart(ReportUpload), "parameters": [IDEMPOTENCY]},
    operation_id="reportCreate",
    summary="File a report; answers a receipt, shown once (again only for its idempotency key)",
)
def report_create(
    request: HttpRequest, body: Annotated[ReportIn, Json(form=True)]
) -> Status[Receipt]:
    key = idempotency.parse_key(request.headers.get(idempotency.HEADER))
    if key is not None and (again := idempotency.receipt_again(key)) is not None:
        return Status(201, Receipt(receipt=again))
    language = body.language or ""
    if language and language not in dict(settings.LANGUAGES):
        raise ApiError("invalid", _("Unknown language code."), field="language")
    form = validated(ReportForm(body.form_data()))
    report, metadata = report_parts(form, language=language, channel=Channel.API)
    submitted = intake.report_send(
        report=report,
        metadata=metadata,
        uploads=upload_list(request),
        keep_uncleaned=form.cleaned_data["keep_uncleaned"],
        idempotency_key=key or "",
    )
    if key is not None:
        idempotency.keep_receipt(key, submitted.receipt)
    return Status(201, Receipt(receipt=submitted.receipt))


class ReceiptToken(shapes.Token):
    opens: str = doc(
        enum=["report", "grievance"],
        description="what the receipt opened: a report (the /reporter/ operations) or a "
        "grievance (the /grievance/ operations)",
    )


@router.post(
    "/reporter/login",
    response={200: ReceiptToken, **errors(400, 401, 415, 503)},
    operation_id="reporterLogin",
    summary="Sign in with a receipt (a report's or a grievance's); a wrong and an unknown "
    "receipt get the same 401",
)
def reporter_login(request: HttpRequest, body: Annotated[ReceiptIn, Json()]) -> ReceiptToken:
    if len(body.receipt) > 100:
        raise ApiError("invalid", inbox_service.RECEIPT_MALFORMED, field="receipt")
    try:
        opened = receipt_open(body.receipt)
    except inbox_service.ReceiptRejected as rejected:
        raise ApiError("receipt_rejected", rejected.message, 401) from None
    opens = opened.kind if isinstance(opened, HeldReceipt) else "report"
    return ReceiptToken(
        token=opened.token, expires_in=settings.RIGHTSDESK_INBOX_IDLE_SECONDS, opens=opens
    )


@router.get(
    "/reporter/report",
    auth=reporter_token,
    response={200: shapes.ReporterOpenedCase, **errors(401)},
    operation_id="reporterReport",
    summary="The report, its files and the messages both ways",
)
def reporter_report(request: HttpRequest) -> shapes.ReporterOpenedCase:
    opened = inbox_of(request)
    return shapes.reporter_case(case_open(case=opened.case, key=opened.key, actor=None))


@router.post(
    "/reporter/messages",
    auth=reporter_token,
    response={201: shapes.Created, **errors(400, 401, 415, 503)},
    openapi_extra=multipart(MessageUpload),
    operation_id="reporterMessage",
    summary="A follow-up message, with files if multipart",
)
def reporter_message(
    request: HttpRequest, body: Annotated[MessageIn, Json(form=True)]
) -> Status[shapes.Created]:
    typed = person_message(request, body)
    message = intake.followup_send(
        inbox=inbox_of(request),
        body=typed.body,
        uploads=typed.uploads,
        keep_uncleaned=typed.keep_uncleaned,
    )
    return Status(201, shapes.Created(id=str(message.uid)))
