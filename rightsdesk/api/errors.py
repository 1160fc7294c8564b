"""Every API error has one shape: {"error": code, "message": translated text}, plus `field` (the
field at fault) and `fields` ({field: [messages]}) when the body is at fault.

Views raise `ApiError`, or call a service that raises its refusal; `install` registers handlers on
the NinjaAPI that turn every exception (ninja's own, pydantic's and unexpected ones included) into
that shape, translated by the request's language (LocaleMiddleware reads Accept-Language).
"""

from __future__ import annotations

import logging
from typing import Any

import pydantic
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.signals import got_request_exception
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import MISSING, BaseModel, Field

from rightsdesk.cases.submission.attachments import AttachmentRefused
from rightsdesk.core.refusals import Refused

logger = logging.getLogger("django.request")


class ErrorOut(BaseModel):
    """The body of every error answer."""

    error: str = Field(
        description="a stable code: invalid, unknown_field, malformed_json, malformed_body, "
        "unsupported_media_type, file_refused, refused, stale, receipt_rejected, unauthorized, "
        "login_failed, throttled, not_found, method_not_allowed, busy, server_error"
    )
    message: str = Field(description="for people, in the language asked for by Accept-Language")
    # Left out unless set: see rightsdesk.api.parsing.absent (not imported: parsing needs errors).
    field: str | MISSING = Field(default_factory=lambda: MISSING, description="the field at fault")
    fields: dict[str, list[str]] | MISSING = Field(
        default_factory=lambda: MISSING, description="every field at fault, with its messages"
    )


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers of an operation, for its `response=` (so the schema lists them)."""
    return dict.fromkeys(statuses, ErrorOut)


class ApiError(Exception):
    """An answer other than success; raise it anywhere in a view."""

    def __init__(
        self,
        code: str,
        message: object,
        status: int = 400,
        *,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.body = ErrorOut(
            error=code,
            message=str(message),
            field=MISSING if field is None else field,
            fields=MISSING if fields is None else fields,
        )
        self.status = status
        self.headers = headers or {}
        super().__init__(code)

    def response(self) -> JsonResponse:
        response = JsonResponse(self.body.model_dump(), status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def form_errors(form: Form) -> dict[str, list[str]]:
    """A form's errors as {field: [translated messages]}."""
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def validated[F: Form](form: F) -> F:
    """The form, if the HTML pages' own rules accept its data; else the 400 listing every field."""
    if not form.is_valid():
        raise ApiError("invalid", _("Some fields are not valid."), fields=form_errors(form))
    return form


def unauthorized() -> ApiError:
    return ApiError(
        "unauthorized",
        _("Sign in first: send a valid token."),
        401,
        headers={"WWW-Authenticate": "Bearer"},
    )


def not_allowed(allowed: list[str]) -> HttpResponse:
    """405 naming every method the URL answers (one URL may serve several operations)."""
    response = ApiError("method_not_allowed", _("Method not allowed."), 405).response()
    response["Allow"] = ", ".join(sorted(allowed))
    return response


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return exc.response()


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return ApiError("not_found", _("Not found."), 404).response()


def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return unauthorized().response()


def _ninja_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """ninja's own validation (path parameters; bodies are judged in rightsdesk.api.parsing)."""
    fields: dict[str, list[str]] = {}
    for problem in exc.errors:
        name = str(problem.get("loc", ("", ""))[-1])
        fields.setdefault(name, [_("“%(field)s” must be a string.") % {"field": name}])
    first = next(iter(fields), "")
    message = fields[first][0] if first else _("Some fields are not valid.")
    return ApiError("invalid", message, field=first or None, fields=fields).response()


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 401:
        return unauthorized().response()
    return _malformed(request, exc)


def _malformed(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = _("The request body could not be read: it is malformed or over a size limit.")
    return ApiError("malformed_body", message).response()


def _file_refused(request: HttpRequest, exc: AttachmentRefused) -> HttpResponse:
    return ApiError("file_refused", exc.message).response()


def _refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """A service said no and wrote nothing: the refusal's own code and status (400 "refused",
    409 "stale", 403 "admin_only"), as on the pages."""
    return ApiError(exc.code, exc.message, exc.status).response()


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged and signalled as Django does for any view (the test client re-raises it),
    answered in the error shape rather than as an HTML page."""
    got_request_exception.send(sender=None, request=request)
    response = ApiError(
        "server_error", _("Something went wrong on our side. Try again later."), 500
    ).response()
    log_response(
        "Internal Server Error: %s",
        request.path,
        response=response,
        request=request,
        exception=exc,
    )
    return response


def install(api: NinjaAPI) -> None:
    """Replace ninja's {"detail": ...} answers: every exception gets the error shape."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ApiError, _api_error),
        (Http404, _not_found),
        (AuthenticationError, _unauthorized),
        (ValidationError, _ninja_validation),
        (HttpError, _http_error),
        (MultiPartParserError, _malformed),
        (RequestDataTooBig, _malformed),
        (TooManyFieldsSent, _malformed),
        (TooManyFilesSent, _malformed),
        (AttachmentRefused, _file_refused),
        (Refused, _refused),
        (pydantic.ValidationError, _server_error),  # an answer that breaks its own schema
        (Exception, _server_error),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)
