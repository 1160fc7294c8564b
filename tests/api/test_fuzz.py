"""Schemathesis drives every documented operation with generated input, anonymously and with real
tokens, and checks every answer against the generated schema: never a server error, and the
status code, content type, headers and body each as documented.

It runs in-process against the WSGI application (no network). With tokens, every other example
of an operation on a case is sent to a real case the staff user can read, so that the answers of
success (the case, its summary, links, triage) are checked too, not only the refusals.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rightsdesk.cases.models import Case
from rightsdesk.core import admission
from rightsdesk.wsgi import application
from tests.factories import staff_account
from tests.reporting import report, reporter_token, staff_token

schema = schemathesis.openapi.from_wsgi("/api/schema", application)
# Operations that read no token (filing a report, the two logins) are exercised by test_anonymous.
SIGNED_IN = [
    *("caseList", "caseDetail", "caseEdit", "caseMessage", "caseNote", "caseGrant"),
    *("caseRevoke", "caseClassify", "caseTriageStep", "caseLinks", "caseLink", "caseUnlink"),
    *("caseSearch", "queues", "reporterReport", "reporterMessage"),
    *("grievanceList", "grievanceDetail", "grievanceMove", "grievanceScorecard"),
]
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)
FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture(autouse=True)
def in_test_transaction(settings: Any) -> Iterator[None]:
    """Keep the test's database connection open across WSGI calls, as Django's test client does."""
    settings.RIGHTSDESK_REPORTS_PER_HOUR = 10**6
    admission.reset()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Tokens:
    """A staff member with a case they can read, and the reporter of that case."""

    def __init__(self, client: Client) -> None:
        account = staff_account(username="fuzz")  # first: a report is granted to every handler
        receipt = report(client, "a case for the fuzzer")
        self.number = Case.objects.get().number
        self.staff = staff_token(client, account)
        self.reporter = reporter_token(client, receipt)
        self.turn = itertools.cycle([True, False])

    def prepare(self, case: Any) -> dict[str, str]:
        """The headers for `case`, after pointing it at the real case every other time."""
        if "number" in (case.path_parameters or {}) and next(self.turn):
            case.path_parameters["number"] = self.number
        token = self.reporter if case.path.startswith("/api/v1/reporter/") else self.staff
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(client: Client, db: None) -> Tokens:
    made = Tokens(client)
    # The test client connects close_old_connections again after each of its requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    return made


@schema.parametrize()
@FUZZ
def test_anonymous(case: Any, db: None) -> None:
    """Generated input, generated (so invalid) tokens."""
    response = case.call()
    case.validate_response(response, checks=CHECKS)


@schema.include(operation_id=SIGNED_IN).parametrize()
@FUZZ
def test_with_tokens(case: Any, tokens: Tokens) -> None:
    response = case.call(headers=tokens.prepare(case))
    case.validate_response(response, checks=CHECKS)
