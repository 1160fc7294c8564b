"""The transparency API: the same services and gates as the pages. Public reads without a
token (published cells only); drafting and approving with a staff token, denied beside allowed;
and a property: whatever the half-year's cases, a draft never publishes a number from 1 to 4."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.transparency.disclosure import PUBLIC, check
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import release_draft
from rightsdesk.transparency.snapshots import protected_of
from tests.factories import staff_account
from tests.reporting import staff_token
from tests.transparency.releasing import NOW, cases

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, token: str, body: object = None) -> Any:
    return client.post(
        path,
        json.dumps(body or {}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_draft_and_approve_through_the_api_denied_and_allowed(client: Client) -> None:
    cases(12, country="DE")
    cases(1, country="LS")
    handler = staff_account()
    admin = staff_account(role=User.Role.ADMIN)
    as_handler = staff_token(client, handler)
    bad = _post(
        client, "/api/v1/transparency/drafts", as_handler, {"audience": "public", "period": "H1"}
    )
    assert bad.status_code == 400
    assert bad.json()["error"] == "release_refused"
    assert Release.objects.count() == 0
    assert (
        client.post(
            "/api/v1/transparency/drafts", "{}", content_type="application/json"
        ).status_code
        == 401
    )
    made = _post(
        client,
        "/api/v1/transparency/drafts",
        as_handler,
        {"audience": "public", "period": "2026-H1"},
    )
    assert made.status_code == 201
    slug = made.json()["slug"]
    assert client.get(f"/api/v1/transparency/releases/{slug}").status_code == 404
    approve = f"/api/v1/transparency/drafts/{slug}/approve"
    denied = _post(client, approve, as_handler)
    assert denied.status_code == 403
    assert denied.json()["error"] == "admin_only"
    missing = _post(client, "/api/v1/transparency/drafts/1999-h1/approve", as_handler)
    assert missing.status_code == 404
    allowed = _post(client, approve, staff_token(client, admin))
    assert allowed.status_code == 200
    assert allowed.json()["state"] == "approved"
    listed = client.get("/api/v1/transparency/releases").json()
    assert [r["slug"] for r in listed["releases"]] == [slug]
    one = client.get(f"/api/v1/transparency/releases/{slug}").json()
    cells = [c for t in one["tables"] for c in t["cells"]]
    assert cells
    assert all(c[3] is None or not 1 <= c[3] <= 4 for c in cells)
    assert all(c[2] in {"shown", "small", "hidden"} for c in cells)


COUNTRIES = ["DE", "FR", "LS", "NG", "BR", "MM", "IR", "US"]
PRIORITIES = ["P1", "P2", "P3", "P4", ""]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(COUNTRIES),
            st.sampled_from(PRIORITIES),
            st.integers(0, 180),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_any_half_year_publishes_no_small_number_and_passes_the_gate(
    reports: list[tuple[str, str, int, bool]],
) -> None:
    Release.objects.all().delete()
    Case.objects.all().delete()
    for country, priority, day, late in reports:
        cases(
            1,
            country=country,
            priority=priority,
            on=date(2026, 1, 1) + timedelta(days=day),
            late=late,
        )
    release = release_draft(
        actor=staff_account().user, audience="public", period="2026-H1", now=NOW
    )
    for table in release.published["tables"]:
        shown = [value for *_, value in table["cells"] if value is not None]
        assert not [n for n in shown if 1 <= n <= 4], table["name"]
        assert "withheld" not in {status for _r, _c, status, _v in table["cells"]}
    for name, data in release.snapshot["tables"].items():
        check(protected_of(name, data, PUBLIC))  # the frozen snapshot passes the gate again
    regions = next(t for t in release.published["tables"] if t["name"] == "regions")
    lone = [c for c, *_ in reports if sum(1 for other, *_ in reports if other == c) < 5]
    assert not set(lone) & set(regions["rows"])  # a country with fewer than 5 is never named
