"""Reading request bodies: strict JSON, then the operation's pydantic schema, then (in the view)
the same Django form or service as the HTML pages.

The schema (`In` subclasses) checks only shapes and types, strictly (no "yes" for true, no 5 for
"5"), and names the field at fault in a translated message. Values (lengths, codes, countries)
are judged by the forms and services, so limits, codes and messages cannot drift apart from the
pages; the schema only *documents* them (`doc`), read from the same forms and vocabularies.

A view takes its body as `body: Annotated[SomeIn, Json()]`; `Json(form=True)` also accepts
`multipart/form-data` (files travel through the encrypting upload handler as on the pages), mapped
by the schema's `from_form`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar, Self, get_args, get_origin

import pydantic
from django.forms import Field as FormField
from django.forms import Form
from django.http import HttpRequest, QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja.params.models import BodyModel, Param
from pydantic import MISSING, BaseModel, ConfigDict

from rightsdesk.api.errors import ApiError

if TYPE_CHECKING:
    from ninja import NinjaAPI

MAX_DEPTH = 32  # our bodies are 3 deep; a parser must refuse what it cannot hold (RFC 8259 §9)
JSON = "application/json"
MULTIPART = "multipart/form-data"


def not_json() -> ApiError:
    return ApiError("malformed_json", _("The body is not valid JSON."))


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python's extension, not JSON


def _plain(data: object) -> bool:
    """True if `data` is at most MAX_DEPTH deep and every string in it is Unicode text: a lone
    surrogate (JSON "\\ud800") cannot be stored, encrypted or shown, so it is refused here
    rather than failing deep inside a service. Iterative, so depth costs no recursion."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(value, dict):
            stack.extend((key, depth + 1) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return True


def json_object(request: HttpRequest) -> dict[str, Any]:
    """The body as a JSON object, or ApiError: 415 if not sent as JSON, 400 malformed_json if it
    is not UTF-8 (RFC 8259 §8.1), not JSON, has NaN or Infinity, a lone surrogate, or is nested
    deeper than MAX_DEPTH."""
    if request.content_type != JSON:
        raise ApiError(
            "unsupported_media_type", _("Send JSON (Content-Type: application/json)."), 415
        )
    try:
        text = request.body.decode("utf-8")  # strict: also refuses UTF-8-encoded surrogates
        data = json.loads(text.removeprefix("\ufeff") or "null", parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        raise not_json() from None
    if not _plain(data):
        raise not_json()
    if not isinstance(data, dict):
        raise ApiError("malformed_json", _("The body must be a JSON object."))
    return data


class TypeMessage:
    """Field metadata: the message for a wrong type, if not the one its type implies."""

    def __init__(self, message: Promise | str) -> None:
        self.message = message


def doc(default: Any = ..., /, **schema: Any) -> Any:
    """A field whose JSON-schema keywords describe what the form or service judges; pydantic does
    not enforce them (so the form's own translated messages are the ones sent)."""
    return pydantic.Field(default, json_schema_extra=schema)


def _missing() -> Any:
    return MISSING


def absent(**schema: Any) -> Any:
    """A field that may be left out (then it is MISSING, and left out of answers too) but not
    sent as null unless its type says so; keywords as for `doc`. A factory, not a default:
    ninja's schema generator cannot encode MISSING as a default."""
    return pydantic.Field(default_factory=_missing, json_schema_extra=schema or None)


def choices_of(form: type[Form], name: str) -> list[str]:
    """The codes a form's choice field accepts, for `doc(enum=...)`."""
    field = form.base_fields[name]
    return [str(value) for value, _label in getattr(field, "choices", []) if value != ""]


def limits_of(form: type[Form], name: str) -> dict[str, Any]:
    """maxLength/minLength of a form's CharField, for `doc`."""
    field: FormField = form.base_fields[name]
    found: dict[str, Any] = {}
    if getattr(field, "max_length", None):
        found["maxLength"] = getattr(field, "max_length", None)
    if field.required:
        found["minLength"] = 1
    return found


class In(BaseModel):
    """A JSON request body: strict types; unknown fields are refused."""

    model_config = ConfigDict(strict=True, extra="forbid")


class LenientIn(In):
    """A body whose unknown fields are ignored (as the API always did for these)."""

    model_config = ConfigDict(strict=True, extra="ignore")


class FormIn(In):
    """A body that may also come as multipart/form-data (with files)."""

    @classmethod
    def from_form(cls, post: QueryDict) -> dict[str, Any]:
        raise NotImplementedError


def _type_message(schema: type[BaseModel], name: str) -> str:
    field = schema.model_fields.get(name)
    if field is None:
        return _("Some fields are not valid.")
    for item in field.metadata:
        if isinstance(item, TypeMessage):
            return str(item.message)
    kinds = _kinds(field.annotation)
    if bool in kinds:
        return _("“%(field)s” must be true or false.") % {"field": name}
    if list in kinds:
        return _("“%(field)s” must be a list of codes.") % {"field": name}
    return _("“%(field)s” must be a string.") % {"field": name}


def _kinds(annotation: Any) -> set[Any]:
    """The plain types a (possibly Optional, Union or Annotated) annotation allows."""
    origin = get_origin(annotation)
    if origin is list:
        return {list}
    args = get_args(annotation)
    if not args:
        return {annotation}
    return set().union(*(_kinds(arg) for arg in args))


def refusal(exc: pydantic.ValidationError, schema: type[BaseModel], prefix: int = 0) -> ApiError:
    """A pydantic error as our error: unknown fields first (as the API always did), then every
    field of the wrong type, each with one translated message naming it."""
    fields: dict[str, list[str]] = {}
    unknown = sorted(
        str(e["loc"][prefix])
        for e in exc.errors()
        if e["type"] == "extra_forbidden" and len(e["loc"]) > prefix
    )
    if unknown:
        for name in unknown:
            fields[name] = [_("Unknown field: %(field)s.") % {"field": name}]
        return ApiError("unknown_field", fields[unknown[0]][0], field=unknown[0], fields=fields)
    for error in exc.errors():
        if len(error["loc"]) > prefix:
            name = str(error["loc"][prefix])
            fields.setdefault(name, [_type_message(schema, name)])
    if not fields:  # the body itself is of the wrong type
        return ApiError("malformed_json", _("The body must be a JSON object."))
    first = next(iter(fields))
    return ApiError("invalid", fields[first][0], field=first, fields=fields)


class _JsonBodyModel(BodyModel):
    """ninja's model for one `Json()` parameter: our reader, our error messages."""

    __read_from_single_attr__: str

    @classmethod
    def body_schema(cls) -> type[In]:
        annotation = cls.model_fields[cls.__read_from_single_attr__].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, In)):
            raise TypeError("a Json() body must be an In schema")
        return annotation

    @classmethod
    def read(cls, request: HttpRequest) -> dict[str, Any]:
        return json_object(request)

    @classmethod
    def resolve(cls, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]) -> Self:
        data = {cls.__read_from_single_attr__: cls.read(request)}
        try:
            return cls.model_validate(data, context={"request": request})
        except pydantic.ValidationError as exc:
            raise refusal(exc, cls.body_schema(), prefix=1) from None


class _JsonOrFormBodyModel(_JsonBodyModel):
    @classmethod
    def read(cls, request: HttpRequest) -> dict[str, Any]:
        schema = cls.body_schema()
        if request.content_type == MULTIPART and issubclass(schema, FormIn):
            return schema.from_form(request.POST)  # parsed by the encrypting upload handler
        return json_object(request)


class _JsonParam(Param):  # type: ignore[misc]  # ninja's Param subclasses pydantic's FieldInfo
    _model: ClassVar[type[BodyModel]] = _JsonBodyModel

    @classmethod
    def _param_source(cls) -> str:
        return "body"  # documented as an application/json request body


class _JsonOrFormParam(_JsonParam):  # type: ignore[misc]  # see _JsonParam
    _model = _JsonOrFormBodyModel


def Json(*, form: bool = False) -> Any:  # noqa: N802 - a parameter marker, like ninja's Body()
    """The request body, as `Annotated[SomeIn, Json()]`; `form=True` also takes multipart."""
    return _JsonOrFormParam(...) if form else _JsonParam(...)


def multipart(schema: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting the multipart/form-data form of a `Json(form=True)` body."""
    described = schema.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"content": {MULTIPART: {"schema": described}}}}
