"""Hostile bodies that scanners send: each gets a translated 400 in the error shape and changes
nothing. Lone surrogates and deep nesting gave 500s before the API moved to django-ninja."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from rightsdesk.accounts.models import ApiToken
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case, CaseLink, KeyWrap, Message, TriageStep
from tests.factories import StaffAccount
from tests.reporting import report, reporter_token, staff_token

NOT_JSON = "The body is not valid JSON."
NOT_AN_OBJECT = "The body must be a JSON object."

# Every JSON operation, with a body that is valid in shape, and the type of each field.
# Kinds: str, str? (may be null or left out), bool?, codes (list of strings), codes? (or null),
# actor (a list of strings or one string), int, int? .
REPORT_FIELDS: dict[str, str] = {
    "narrative": "str",
    "threat_types": "codes?",
    "actor": "actor",
    "reasons": "codes?",
    "rights": "codes?",
    "country": "str?",
    "since": "str?",
    "ongoing": "bool?",
    "emergency": "bool?",
    "contact": "str?",
    "language": "str?",
    "keep_uncleaned": "bool?",
}
Shapes = tuple[dict[str, Any], dict[str, str]]  # a valid body, the kind of each field
ANONYMOUS: dict[str, Shapes] = {
    "/api/v1/reports": ({"narrative": "x"}, REPORT_FIELDS),
    "/api/v1/reporter/login": ({"receipt": "1"}, {"receipt": "str"}),
    "/api/v1/staff/login": (
        {"username": "x", "password": "y", "otp": "1"},
        {"username": "str", "password": "str", "otp": "str"},
    ),
}
STAFF: dict[tuple[str, str], Shapes] = {
    ("POST", "/messages"): ({"body": "x"}, {"body": "str"}),
    ("POST", "/notes"): ({"body": "x"}, {"body": "str"}),
    ("POST", "/grants"): ({"username": "nobody"}, {"username": "str"}),
    ("PATCH", ""): (
        {"version": 0},
        {
            "version": "int",
            "status": "str",
            "priority": "str",
            "reason": "str",
            "assignee": "str?",
            "labels": "codes",
        },
    ),
    ("POST", "/classification"): (
        {"version": 0},
        {
            "version": "int",
            "threat_types": "codes",
            "rights": "codes",
            "actor_types": "codes",
            "reasons": "codes",
            "affected": "codes",
        },
    ),
    ("POST", "/triage-steps"): (
        {"kind": "vetting", "outcome": "verified"},
        {"kind": "str", "outcome": "str", "note": "str?", "referral": "str?", "version": "int?"},
    ),
    ("POST", "/links"): (
        {"number": "RD-00000000", "kind": "related"},
        {"number": "str", "kind": "str"},
    ),
}
WRONG: dict[str, list[Any]] = {
    "str": [5, True, None, [], {}],
    "str?": [5, False, ["x"], {}],
    "bool?": ["yes", 1, [], {}],
    "codes": ["x", 5, None, {}, [5], [None], [["x"]]],
    "codes?": ["x", 5, {}, [5], [None], [["x"]]],
    "actor": [5, {}, [5], [None], True],
    "int": ["1", True, 1.5, -1, None, [], {}],
    "int?": ["1", True, 1.5, -1, [], {}],
}


def state() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        list(Case.objects.order_by("pk").values_list("pk", "version", "status", "priority")),
        Message.objects.count(),
        KeyWrap.objects.count(),
        CaseLink.objects.count(),
        TriageStep.objects.count(),
        AuditEntry.objects.count(),
        ApiToken.objects.count(),
    )


def send(
    client: Client,
    method: str,
    path: str,
    raw: bytes | str,
    token: str = "",
    *,
    language: str = "en",
    content_type: str = "application/json",
) -> Any:
    headers = {"Accept-Language": language}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    # CONTENT_TYPE given explicitly: the test client drops it when the body is empty.
    return client.generic(
        method, path, raw, content_type=content_type, headers=headers, CONTENT_TYPE=content_type
    )


def assert_refused(response: Any, code: str, message: str, language: str = "en") -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == code, body
    with translation.override(language):
        assert body["message"] == gettext(message), body


def surrogate_body(valid: dict[str, Any], field: str) -> str:
    """The valid body with `field` set to a lone surrogate, written as a JSON escape."""
    text = json.dumps({**valid, field: "SURROGATE"})
    return text.replace('"SURROGATE"', '"\\ud800"')


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.fixture
def staff(client: Client, handler: StaffAccount) -> tuple[str, str]:
    """A staff token and the path of a case granted to its holder."""
    report(client, "a case for the hostile tests")
    return staff_token(client, handler), f"/api/v1/cases/{Case.objects.get().number}"


@pytest.mark.parametrize("path", list(ANONYMOUS))
def test_lone_surrogates_anonymous(client: Client, db: None, path: str) -> None:
    valid, fields = ANONYMOUS[path]
    before = state()
    for field, kind in fields.items():
        if kind.startswith("str"):
            for language in ("en", "fr"):
                response = send(
                    client, "POST", path, surrogate_body(valid, field), language=language
                )
                assert_refused(response, "malformed_json", NOT_JSON, language)
    # As a key, inside a list, and as raw UTF-8 bytes of a surrogate (which is not UTF-8).
    assert_refused(send(client, "POST", path, '{"\\udfff": 1}'), "malformed_json", NOT_JSON)
    nested = json.dumps({**valid, "x": ["ok", "SURROGATE"]}).replace("SURROGATE", "\\udbff")
    assert_refused(send(client, "POST", path, nested), "malformed_json", NOT_JSON)
    encoded = b'{"narrative": "\xed\xa0\x80", "receipt": "\xed\xa0\x80"}'
    assert_refused(send(client, "POST", path, encoded), "malformed_json", NOT_JSON)
    assert state() == before


def test_lone_surrogates_with_tokens(client: Client, staff: tuple[str, str]) -> None:
    token, case = staff
    inbox = reporter_token(client, report(client, "mine"))
    before = state()
    body = surrogate_body({}, "body")
    response = send(client, "POST", "/api/v1/reporter/messages", body, inbox, language="ar")
    assert_refused(response, "malformed_json", NOT_JSON, "ar")
    for (method, suffix), (valid, fields) in STAFF.items():
        for field, kind in fields.items():
            if kind.startswith("str"):
                raw = surrogate_body(valid, field)
                response = send(client, method, case + suffix, raw, token, language="ru")
                assert_refused(response, "malformed_json", NOT_JSON, "ru")
    search = send(client, "POST", "/api/v1/search", surrogate_body({}, "q"), token)
    assert_refused(search, "malformed_json", NOT_JSON)
    revoke = case + "/grants/" + "%ED%A0%80"  # a surrogate's bytes in the URL
    assert client.delete(revoke, headers={"Authorization": f"Bearer {token}"}).status_code in (
        400,
        404,
    )
    assert state() == before


@pytest.mark.parametrize("path", list(ANONYMOUS))
@pytest.mark.parametrize("levels", [10_000, 100])
def test_deep_nesting(client: Client, db: None, path: str, levels: int) -> None:
    before = state()
    for raw in (deep(levels), '{"narrative": ' + deep(levels) + "}"):
        assert_refused(
            send(client, "POST", path, raw, language="fa"), "malformed_json", NOT_JSON, "fa"
        )
    assert state() == before


def test_deep_nesting_with_a_token(client: Client, staff: tuple[str, str]) -> None:
    token, case = staff
    before = state()
    response = send(client, "PATCH", case, '{"version": 0, "labels": ' + deep(10_000) + "}", token)
    assert_refused(response, "malformed_json", NOT_JSON)
    assert state() == before


@pytest.mark.parametrize("path", list(ANONYMOUS))
def test_wrong_types_anonymous(client: Client, db: None, path: str) -> None:
    valid, fields = ANONYMOUS[path]
    before = state()
    for field, kind in fields.items():
        for value in WRONG[kind]:
            response = send(
                client, "POST", path, json.dumps({**valid, field: value}), language="es"
            )
            assert response.status_code == 400, (field, value, response.content)
            body = response.json()
            assert body["error"] == "invalid", (field, value, body)
            assert body["field"] == field, (field, value, body)
            assert body["message"] in type_messages(field, "es"), body  # names the field
            assert body["message"] not in type_messages(field, "en"), body  # in Spanish
    assert state() == before


TYPE_MESSAGES = (
    "“%(field)s” must be a string.",
    "“%(field)s” must be true or false.",
    "“%(field)s” must be a list of codes.",
    "“version” is required: the version you edited from.",
    "“labels” must be a list of strings.",
)


def type_messages(field: str, language: str) -> set[str]:
    with translation.override(language):
        return {gettext(msgid) % {"field": field} for msgid in TYPE_MESSAGES}


def test_wrong_types_with_tokens(client: Client, staff: tuple[str, str]) -> None:
    token, case = staff
    inbox = reporter_token(client, report(client, "mine"))
    before = state()
    calls = [("POST", "/api/v1/reporter/messages", {"body": "x"}, "body", "str", inbox)]
    calls += [
        ("POST", "/api/v1/reporter/messages", {"body": "x"}, "keep_uncleaned", "bool?", inbox)
    ]
    calls += [("POST", "/api/v1/search", {"q": "words"}, "q", "str", token)]
    for (method, suffix), (valid, fields) in STAFF.items():
        calls += [(method, case + suffix, valid, f, kind, token) for f, kind in fields.items()]
    for method, path, valid, field, kind, who in calls:
        for value in WRONG[kind]:
            response = send(client, method, path, json.dumps({**valid, field: value}), who)
            assert response.status_code == 400, (path, field, value, response.content)
            body = response.json()
            assert body["error"] == "invalid", (path, field, value, body)
            assert body["field"] == field, (path, field, value, body)
    assert state() == before


@pytest.mark.parametrize("path", list(ANONYMOUS))
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", NOT_AN_OBJECT),
        (b"null", NOT_AN_OBJECT),
        (b"[]", NOT_AN_OBJECT),
        (b'"narrative"', NOT_AN_OBJECT),
        (b"5", NOT_AN_OBJECT),
        (b"true", NOT_AN_OBJECT),
        (b'{"narrative": "\xff\xfe"}', NOT_JSON),  # not UTF-8
        ('{"narrative": "x"}'.encode("utf-16"), NOT_JSON),
        (b'{"narrative": NaN}', NOT_JSON),
        (b'{"narrative": "x"', NOT_JSON),
        (b'{"narrative": ' + b"1" * 5000 + b"}", NOT_JSON),
    ],
)
def test_bodies_that_are_not_json_objects(
    client: Client, db: None, path: str, raw: bytes, message: str
) -> None:
    before = state()
    for language in ("en", "my"):
        assert_refused(
            send(client, "POST", path, raw, language=language), "malformed_json", message, language
        )
    assert state() == before


def test_empty_and_non_object_bodies_with_tokens(client: Client, staff: tuple[str, str]) -> None:
    token, case = staff
    before = state()
    for (method, suffix), _shape in STAFF.items():
        for raw in (b"", b"[]", b"\xff"):
            response = send(client, method, case + suffix, raw, token)
            assert response.status_code == 400, (suffix, raw, response.content)
            assert response.json()["error"] == "malformed_json"
    assert state() == before
