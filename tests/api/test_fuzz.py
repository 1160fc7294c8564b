"""Schemathesis drives every documented operation with generated input: never a server error.

It runs in-process against the WSGI application (no network). The generated requests are
anonymous (no valid token), so authenticated operations are exercised on their parsing and
refusal paths; the reporter and staff flows with real tokens are in test_api.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from rightsdesk.core import admission
from rightsdesk.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema", application)


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


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_server_error(case: Any, db: None) -> None:
    response = case.call()
    case.validate_response(response, checks=(not_a_server_error,))
    assert response.status_code < 500 or response.status_code == 503
