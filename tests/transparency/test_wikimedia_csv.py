"""The Wikimedia-shaped CSV: the report's sections (user-data requests by kind with information
produced all, partly or none; accounts potentially affected, actually affected, notified;
emergency disclosures; content alteration requests; requests by country), every line a number
the release publishes with its status: suppressed numbers stay suppressed."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.accounts.models import User
from rightsdesk.demands.models import Demand
from rightsdesk.transparency.releases import release_approve, release_draft
from tests.factories import demand_made, demand_permission, staff_account
from tests.transparency.releasing import NOW, cases

pytestmark = pytest.mark.django_db

WIKIMEDIA_KINDS = [
    "informal_non_government",
    "informal_government",
    "civil_subpoena",
    "criminal_subpoena",
    "administrative_subpoena",
    "search_warrant",
    "court_order",
    "national_security",
]


def _demands(actor: User, n: int, decision: str, **changes: object) -> None:
    for _ in range(n):
        made = demand_made(actor, received_on=date(2026, 3, 2), **changes)
        Demand.objects.filter(pk=made.pk).update(
            decision=decision, accounts_named=3, accounts_affected=2, accounts_notified=1
        )


def _rows() -> list[dict[str, str]]:
    cases(12, country="DE")
    handler = staff_account()
    demand_permission(handler)
    user = handler.user
    _demands(user, 6, "comply", instrument="criminal_subpoena", country="DE")
    _demands(user, 5, "refuse", instrument="criminal_subpoena", country="DE")
    _demands(user, 7, "partly", instrument="court_order", country="DE")
    _demands(user, 2, "refuse", instrument="civil_subpoena", country="DE")  # small
    _demands(user, 1, "comply", instrument="emergency", country="DE")  # small
    _demands(user, 6, "comply", instrument="court_order", asks=["content_removal"], country="DE")
    release = release_draft(actor=user, audience="public", period="2026-H1", now=NOW)
    admin = staff_account(role=User.Role.ADMIN).user
    release = release_approve(actor=admin, release=release, now=NOW)
    answer = Client().get(reverse("transparency:wikimedia", args=(release.slug,)))
    assert answer.status_code == 200
    return list(csv.DictReader(io.StringIO(answer.content.decode())))


def _find(rows: list[dict[str, str]], section: str, kind: str, measure: str) -> dict[str, str]:
    found = [
        r
        for r in rows
        if (r["section"], r["request_kind"], r["measure"]) == (section, kind, measure)
        and not r["country_or_region"]
    ]
    assert len(found) == 1, (section, kind, measure, found)
    return found[0]


def _true(line: dict[str, str], value: int) -> None:
    """A line tells the truth: the count when shown, or no number (hidden, not small)."""
    if line["status"] == "shown":
        assert line["value"] == str(value), line
    else:
        assert (line["value"], line["status"]) == ("", "hidden"), line


def test_the_sections_of_the_wikimedia_report_through_the_disclosure_rules() -> None:
    rows = _rows()
    assert set(rows[0]) == {
        "period_start", "period_end", "section", "country_or_region", "request_kind",
        "measure", "value", "status",
    }  # fmt: skip
    sections = {r["section"] for r in rows}
    assert {
        "user_data_requests",
        "emergency_disclosures",
        "content_alteration_requests",
        "user_accounts",
        "requests_by_country",
        "threat_reports",
    } <= sections
    # every kind the report lists, with information produced all, partly, none
    for kind in WIKIMEDIA_KINDS:
        for measure in ("requests", "produced_all", "produced_partly", "produced_none"):
            _find(rows, "user_data_requests", kind, measure)
    _true(_find(rows, "user_data_requests", "criminal_subpoena", "requests"), 11)
    _true(_find(rows, "user_data_requests", "criminal_subpoena", "produced_all"), 6)
    # the 2 civil subpoenas and the single emergency disclosure are never numbers
    civil = _find(rows, "user_data_requests", "civil_subpoena", "requests")
    assert (civil["value"], civil["status"]) == ("", "fewer_than_threshold")
    emergency = _find(rows, "emergency_disclosures", "emergency", "requests")
    assert emergency["value"] == ""
    assert emergency["status"] in ("fewer_than_threshold", "hidden")
    # content removals are their own section, not user-data requests
    _true(_find(rows, "content_alteration_requests", "court_order", "requests"), 6)
    _true(_find(rows, "user_data_requests", "court_order", "requests"), 7)
    # accounts: potentially affected (named), actually affected, notified, for every kind
    for measure, value in (("potentially_affected", 81), ("actually_affected", 54),
                           ("notified", 27)):  # fmt: skip
        _true(_find(rows, "user_accounts", "all", measure), value)
    _true(_find(rows, "user_accounts", "criminal_subpoena", "potentially_affected"), 33)
    # most of it is still readable: the rules hide what they must, not everything
    assert sum(r["status"] == "shown" and r["value"] != "0" for r in rows) >= 10
    # no shown number is from 1 to 4, and nothing suppressed carries a value
    for row in rows:
        if row["status"] != "shown":
            assert row["value"] == "", row
        else:
            assert not 1 <= int(row["value"]) <= 4, row
    by_country = [r for r in rows if r["section"] == "requests_by_country"]
    assert {r["country_or_region"] for r in by_country} >= {"DE"}
