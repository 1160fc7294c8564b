"""The OpenAPI 3 description of /api/v1, built from the same limits and codes the code uses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from rightsdesk.cases.links.selectors import MAX_LINKS
from rightsdesk.cases.links.services import NUMBER_MAX
from rightsdesk.cases.models import CaseLink
from rightsdesk.cases.vocabulary import (
    ActorType,
    Affected,
    Mandate,
    Right,
    Since,
    Status,
    TargetReason,
    ThreatType,
    Vetting,
)
from rightsdesk.core.countries import country_codes
from rightsdesk.intake.forms import limits

JSON = "application/json"


def _codes(choices: Any) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "enum": list(choices.values)},
        "uniqueItems": True,
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json_body(ref: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _ok(description: str, ref: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _schemas() -> dict[str, Any]:
    lim = limits()
    nullable_text = {"type": ["string", "null"]}
    file_item = {
        "type": "object",
        "required": ["id", "name", "type", "size", "cleaned"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "type": {"type": "string"},
            "size": {"type": "integer"},
            "cleaned": {"type": "boolean"},
        },
    }
    case_summary = {
        "type": "object",
        "properties": {
            "number": {"type": "string"},
            "received": {"type": "string", "format": "date"},
            "updated": {"type": "string", "format": "date"},
            "status": {"type": "string", "enum": list(Status.values)},
            "priority": nullable_text,
            "emergency": {"type": "boolean"},
            "threat_types": {"type": "array", "items": {"type": "string"}},
            "rights": {"type": "array", "items": {"type": "string"}},
            "country": nullable_text,
        },
    }
    report_fields = {
        "narrative": {"type": "string", "minLength": 1, "maxLength": lim["narrative_max_chars"]},
        "threat_types": _codes(ThreatType),
        "actor": _codes(ActorType),
        "reasons": _codes(TargetReason),
        "rights": _codes(Right),
        "country": {
            "type": ["string", "null"],
            "enum": [*country_codes(), "", None],
            "description": "ISO 3166-1 alpha-2",
        },
        "since": {"type": ["string", "null"], "enum": [*Since.values, "", None]},
        "ongoing": {"type": ["boolean", "null"]},
        "emergency": {"type": "boolean"},
        "contact": {"type": ["string", "null"], "maxLength": lim["contact_max_chars"]},
        "language": {
            "type": ["string", "null"],
            "enum": [code for code, _ in settings.LANGUAGES] + ["", None],
        },
        "keep_uncleaned": {
            "type": "boolean",
            "description": "Store files whose metadata cannot be removed",
        },
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
                "fields": {"type": "object"},
            },
        },
        "ReportIn": {
            "type": "object",
            "required": ["narrative"],
            "additionalProperties": False,
            "properties": report_fields,
        },
        "ReportMultipart": {
            "type": "object",
            "required": ["narrative"],
            "properties": {
                **report_fields,
                "attachments": {
                    "type": "array",
                    "maxItems": lim["max_files"],
                    "items": {"type": "string", "format": "binary"},
                    "description": f"at most {lim['max_file_bytes']} bytes each, "
                    f"{lim['max_report_bytes']} together",
                },
            },
        },
        "Receipt": {
            "type": "object",
            "required": ["receipt"],
            "properties": {"receipt": {"type": "string", "pattern": "^[0-9 ]{20,24}$"}},
        },
        "ReceiptIn": {
            "type": "object",
            "required": ["receipt"],
            "properties": {"receipt": {"type": "string", "maxLength": 100}},
        },
        "Token": {
            "type": "object",
            "required": ["token", "expires_in"],
            "properties": {"token": {"type": "string"}, "expires_in": {"type": "integer"}},
        },
        "StaffLogin": {
            "type": "object",
            "required": ["username", "password", "otp"],
            "properties": {
                "username": {"type": "string", "maxLength": 150},
                "password": {"type": "string", "maxLength": 1024},
                "otp": {"type": "string", "maxLength": 12},
            },
        },
        "MessageIn": {
            "type": "object",
            "required": ["body"],
            "properties": {
                "body": {"type": "string", "minLength": 1, "maxLength": lim["message_max_chars"]},
                "keep_uncleaned": {"type": "boolean"},
            },
        },
        "GrantIn": {
            "type": "object",
            "required": ["username"],
            "properties": {"username": {"type": "string", "maxLength": 150}},
        },
        "Granted": {
            "type": "object",
            "required": ["username"],
            "properties": {"username": {"type": "string"}},
        },
        "Created": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "LinkIn": {
            "type": "object",
            "required": ["number", "kind"],
            "additionalProperties": False,
            "properties": {
                "number": {"type": "string", "maxLength": NUMBER_MAX},
                "kind": {"type": "string", "enum": list(CaseLink.Kind.values)},
            },
        },
        "LinkedCase": {
            "type": "object",
            "required": ["number", "kind", "status", "priority"],
            "properties": {
                "number": {"type": "string"},
                "kind": {"type": "string", "enum": list(CaseLink.Kind.values)},
                "status": {"type": "string", "enum": list(Status.values)},
                "priority": nullable_text,
            },
        },
        "LinkList": {
            "type": "object",
            "required": ["links"],
            "properties": {
                "links": {
                    "type": "array",
                    "maxItems": MAX_LINKS,
                    "items": {"$ref": "#/components/schemas/LinkedCase"},
                }
            },
        },
        "CaseEdit": {
            "type": "object",
            "required": ["version"],
            "additionalProperties": False,
            "properties": {
                "version": {"type": "integer", "minimum": 0},
                "status": {"type": "string", "enum": list(Status.values)},
                "priority": {"type": "string", "enum": ["P1", "P2", "P3", "P4"]},
                "reason": {"type": "string", "maxLength": 300},
                "assignee": {"type": ["string", "null"], "maxLength": 150},
                "labels": {
                    "type": "array",
                    "maxItems": 10,
                    "items": {"type": "string", "pattern": "^[\\w.-]{1,40}$"},
                },
            },
        },
        "ClassificationIn": {
            "type": "object",
            "required": ["version"],
            "additionalProperties": False,
            "properties": {
                "version": {"type": "integer", "minimum": 0},
                "threat_types": _codes(ThreatType),
                "rights": _codes(Right),
                "actor_types": _codes(ActorType),
                "reasons": _codes(TargetReason),
                "affected": _codes(Affected),
            },
        },
        "TriageStepIn": {
            "type": "object",
            "required": ["kind", "outcome"],
            "additionalProperties": False,
            "description": "vetting: outcome verified, unverified or not_needed; mandate: "
            "in or out (out also needs referral and version: the referral is sent to the "
            "reporter and the case becomes out of mandate)",
            "properties": {
                "kind": {"type": "string", "enum": ["vetting", "mandate"]},
                "outcome": {
                    "type": "string",
                    "enum": [*Vetting.values, *Mandate.values],
                },
                "note": {"type": "string", "maxLength": 2000},
                "referral": {"type": "string", "maxLength": 5000},
                "version": {"type": "integer", "minimum": 0},
            },
        },
        "TriageStep": {
            "type": "object",
            "required": ["kind", "outcome"],
            "properties": {"kind": {"type": "string"}, "outcome": {"type": "string"}},
        },
        "SearchIn": {
            "type": "object",
            "required": ["q"],
            "properties": {
                "q": {
                    "type": "string",
                    "minLength": 2,
                    "maxLength": 200,
                    "description": "words that must all occur (at most 8)",
                }
            },
        },
        "SearchResult": {
            "type": "object",
            "required": ["total", "searched", "cases"],
            "properties": {
                "total": {"type": "integer"},
                "searched": {"type": "integer"},
                "cases": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["number", "excerpt"],
                        "properties": {"number": {"type": "string"}, "excerpt": {"type": "string"}},
                    },
                },
            },
        },
        "Queues": {
            "type": "object",
            "required": ["by_priority", "queues"],
            "properties": {"by_priority": {"type": "object"}, "queues": {"type": "object"}},
        },
        "CaseSummary": case_summary,
        "CaseList": {
            "type": "object",
            "required": ["cases"],
            "properties": {
                "cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}}
            },
        },
        "OpenedCase": {
            "type": "object",
            "required": ["case", "report", "files", "messages"],
            "properties": {
                "case": {"type": "object"},
                "report": {"type": "object"},
                "files": {"type": "array", "items": file_item},
                "messages": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "from", "date", "body", "files"],
                        "properties": {
                            "id": {"type": "string"},
                            "from": {"type": "string", "enum": ["reporter", "team"]},
                            "date": {"type": "string"},
                            "body": {"type": "string"},
                            "files": {"type": "array", "items": file_item},
                        },
                    },
                },
            },
        },
    }


def _common(*codes: int) -> dict[str, Any]:
    texts = {
        400: "invalid input",
        401: "missing, wrong or expired token",
        404: "not found",
        405: "method not allowed",
        413: "too large",
        415: "not JSON",
        429: "too many attempts",
        503: "busy; nothing stored",
    }
    return {str(code): _error(texts[code]) for code in codes}


def openapi() -> dict[str, Any]:
    bearer: list[dict[str, list[str]]] = [{"bearer": []}]
    number = [
        {
            "name": "number",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "maxLength": 16},
        }
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "rightsdesk API",
            "version": "1",
            "description": "Report threats, follow up with a receipt, and work cases. "
            'Errors are {"error": code, "message": translated text}.',
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _schemas(),
        },
        "paths": {
            "/api/v1/reports": {
                "post": {
                    "operationId": "reportCreate",
                    "summary": "File a report; answers a receipt",
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {"schema": {"$ref": "#/components/schemas/ReportIn"}},
                            "multipart/form-data": {
                                "schema": {"$ref": "#/components/schemas/ReportMultipart"}
                            },
                        },
                    },
                    "responses": {
                        "201": _ok("the receipt, shown once", "Receipt"),
                        **_common(400, 415, 503),
                    },
                }
            },
            "/api/v1/reporter/login": {
                "post": {
                    "operationId": "reporterLogin",
                    "requestBody": _json_body("ReceiptIn"),
                    "responses": {
                        "200": _ok("an inbox token", "Token"),
                        **_common(400, 401, 415, 503),
                    },
                }
            },
            "/api/v1/reporter/report": {
                "get": {
                    "operationId": "reporterReport",
                    "security": bearer,
                    "responses": {
                        "200": _ok("the report and the conversation", "OpenedCase"),
                        **_common(401),
                    },
                }
            },
            "/api/v1/reporter/messages": {
                "post": {
                    "operationId": "reporterMessage",
                    "security": bearer,
                    "requestBody": _json_body("MessageIn"),
                    "responses": {"201": _ok("stored", "Created"), **_common(400, 401, 415, 503)},
                }
            },
            "/api/v1/staff/login": {
                "post": {
                    "operationId": "staffLogin",
                    "requestBody": _json_body("StaffLogin"),
                    "responses": {
                        "200": _ok("a staff token", "Token"),
                        **_common(400, 401, 415, 429),
                    },
                }
            },
            "/api/v1/search": {
                "post": {
                    "operationId": "caseSearch",
                    "description": "A POST, not a GET, so that the words never appear in a URL "
                    "(server logs, proxies, history).",
                    "security": bearer,
                    "requestBody": _json_body("SearchIn"),
                    "responses": {
                        "200": _ok("cases you can read that contain every word", "SearchResult"),
                        **_common(400, 401, 415),
                    },
                }
            },
            "/api/v1/queues": {
                "get": {
                    "operationId": "queues",
                    "security": bearer,
                    "responses": {"200": _ok("your queues and counts", "Queues"), **_common(401)},
                }
            },
            "/api/v1/cases": {
                "get": {
                    "operationId": "caseList",
                    "security": bearer,
                    "responses": {"200": _ok("cases granted to you", "CaseList"), **_common(401)},
                }
            },
            "/api/v1/cases/{number}": {
                "patch": {
                    "operationId": "caseEdit",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("CaseEdit"),
                    "responses": {
                        "200": _ok("the case's metadata after the edit", "CaseSummary"),
                        **_common(400, 401, 404, 415),
                        "409": _error("someone changed the case first; nothing was changed"),
                    },
                },
                "get": {
                    "operationId": "caseDetail",
                    "security": bearer,
                    "parameters": number,
                    "responses": {
                        "200": _ok("the case, decrypted", "OpenedCase"),
                        **_common(401, 404),
                    },
                },
            },
            "/api/v1/cases/{number}/messages": {
                "post": {
                    "operationId": "caseMessage",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("MessageIn"),
                    "responses": {"201": _ok("sent", "Created"), **_common(400, 401, 404, 415)},
                }
            },
            "/api/v1/cases/{number}/notes": {
                "post": {
                    "operationId": "caseNote",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("MessageIn"),
                    "responses": {
                        "201": _ok("an internal note, never shown to the reporter", "Created"),
                        **_common(400, 401, 404, 415),
                    },
                }
            },
            "/api/v1/cases/{number}/grants": {
                "post": {
                    "operationId": "caseGrant",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("GrantIn"),
                    "responses": {
                        "201": _ok("the case key is wrapped to them", "Granted"),
                        **_common(400, 401, 404, 415),
                    },
                }
            },
            "/api/v1/cases/{number}/grants/{username}": {
                "delete": {
                    "operationId": "caseRevoke",
                    "security": bearer,
                    "parameters": [
                        *number,
                        {
                            "name": "username",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 150},
                        },
                    ],
                    "responses": {
                        "204": {"description": "their wrap is deleted"},
                        **_common(400, 401, 404),
                    },
                }
            },
            "/api/v1/cases/{number}/classification": {
                "post": {
                    "operationId": "caseClassify",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("ClassificationIn"),
                    "responses": {
                        "200": _ok("classified (lists left out are cleared)", "CaseSummary"),
                        "409": _error("someone changed the case first; nothing was changed"),
                        **_common(400, 401, 404, 415),
                    },
                }
            },
            "/api/v1/cases/{number}/triage-steps": {
                "post": {
                    "operationId": "caseTriageStep",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("TriageStepIn"),
                    "responses": {
                        "201": _ok("recorded", "TriageStep"),
                        "409": _error("someone changed the case first; nothing was changed"),
                        **_common(400, 401, 404, 415),
                    },
                }
            },
            "/api/v1/cases/{number}/links": {
                "get": {
                    "operationId": "caseLinks",
                    "security": bearer,
                    "parameters": number,
                    "responses": {
                        "200": _ok("linked cases you can read; others are left out", "LinkList"),
                        **_common(401, 404),
                    },
                },
                "post": {
                    "operationId": "caseLink",
                    "security": bearer,
                    "parameters": number,
                    "requestBody": _json_body("LinkIn"),
                    "responses": {
                        "201": _ok("linked", "LinkedCase"),
                        "200": _ok("already linked: the kind is set to the one sent", "LinkedCase"),
                        **_common(400, 401, 404, 415),
                    },
                },
            },
            "/api/v1/cases/{number}/links/{other}": {
                "delete": {
                    "operationId": "caseUnlink",
                    "security": bearer,
                    "parameters": [
                        *number,
                        {
                            "name": "other",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": NUMBER_MAX},
                        },
                    ],
                    "responses": {
                        "204": {"description": "the link is removed"},
                        **_common(400, 401, 404),
                    },
                }
            },
        },
    }


def schema_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi(), json_dumps_params={"ensure_ascii": False})
