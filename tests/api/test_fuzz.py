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
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
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
from rightsdesk.intake.inbox import inbox_login
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.wsgi import application
from tests.factories import partner_account, partner_listed, staff_account
from tests.reporting import report, reporter_token, staff_token

schema = schemathesis.openapi.from_wsgi("/api/schema", application)
# Operations that read no token (filing a report, the two logins) are exercised by test_anonymous.
SIGNED_IN = [
    *("caseList", "caseDetail", "caseEdit", "caseMessage", "caseNote", "caseGrant"),
    *("caseRevoke", "caseClassify", "caseTriageStep", "caseLinks", "caseLink", "caseUnlink"),
    *("caseSearch", "queues", "reporterReport", "reporterMessage"),
    *("partnerList", "partnerDetail", "referralProposals", "caseReferrals", "referralDraft"),
    *("referralDetail", "referralAsk", "referralConsent", "referralOverride"),
    *("referralOverrideApprove", "referralCancel", "referralUpdate", "referralOpenpgpMessage"),
    *("partnerReferrals", "partnerReferral", "partnerReferralMove", "partnerReferralUpdate"),
    *("partnerReferralFile", "inboxReferrals", "inboxReferralConsent"),
    *("grievanceList", "grievanceDetail", "grievanceMove", "grievanceScorecard"),
    *("demandList", "demandCreate", "demandDetail", "demandMove", "demandReview"),
    *("demandRevoke",),
    *("wikisafetyFindingList", "wikisafetyFindingDetail", "wikisafetyFindingDecide"),
    *("wikisafetyFindingRemove", "wikisafetyFindingsRemove", "wikisafetyRemovalUndo"),
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
    """A staff member with a case they can read, the reporter of that case, and a user of the
    partner organisation a referral of that case was sent to."""

    def __init__(self, client: Client) -> None:
        account = staff_account(username="fuzz")  # first: a report is granted to every handler
        receipt = report(client, "a case for the fuzzer")
        case = Case.objects.get()
        self.number = case.number
        self.staff = staff_token(client, account)
        self.reporter = reporter_token(client, receipt)
        partner = partner_listed()
        self.partner = staff_token(client, partner_account(partner))
        referral = referral_draft(
            case=case,
            actor=account.user,
            partner=partner,
            service="legal",
            pieces=["narrative"],
            purpose="fuzz",
            summary="",
            until=timezone.now().date() + timedelta(days=30),
            now=timezone.now(),
        )
        consent_give(
            referral=referral,
            case_key=inbox_login(receipt).key,
            pieces=["narrative"],
            language="en",
            now=timezone.now(),
        )
        self.real = {"number": self.number, "uid": str(referral.uid), "partner_uid": ""}
        self.turn = itertools.cycle([True, False])

    def prepare(self, case: Any) -> dict[str, str]:
        """The headers for `case`, after pointing it at the real case (or referral) every other
        time."""
        parameters = case.path_parameters or {}
        if next(self.turn):
            for name in ("number", "uid"):
                if name in parameters and not case.path.startswith("/api/v1/partners/"):
                    parameters[name] = self.real[name]
        if case.path.startswith(("/api/v1/reporter/", "/api/v1/inbox/")):
            token = self.reporter
        elif case.path.startswith("/api/v1/partner/"):
            token = self.partner
        else:
            token = self.staff
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
