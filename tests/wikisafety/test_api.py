"""The wikisafety API: wikis for admins only (a handler gets 403, nothing changes), the report
token shown once; protected volunteers through the case's gate (denied and missing the same 404),
values going in and never coming out; withdrawal."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.core.tokens import token_digest
from rightsdesk.wikisafety.models import ProtectedPhrase, ProtectedVolunteer, Wiki
from tests.factories import case_filed, staff_account
from tests.reporting import get, post_json, staff_token

pytestmark = pytest.mark.django_db

WIKI = {
    "name": "API wiki",
    "api_url": "https://api-wiki.example.org/w/api.php",
    "namespaces": [0, 2, 3],
    "language": "ar",
    "bot_username": "Bot@rd",
    "bot_password": "bot-secret-123",
}


def test_wikis_are_for_admins() -> None:
    admin_client, handler_client = Client(), Client()
    admin = staff_token(admin_client, staff_account(role=User.Role.ADMIN))
    handler = staff_token(handler_client, staff_account())
    refused = post_json(handler_client, "/api/v1/wikisafety/wikis", WIKI, handler)
    assert refused.status_code == 403
    assert refused.json()["error"] == "admin_only"
    assert get(handler_client, "/api/v1/wikisafety/wikis", handler).status_code == 403
    assert not Wiki.objects.exists()
    made = post_json(admin_client, "/api/v1/wikisafety/wikis", WIKI, admin)
    assert made.status_code == 201, made.content
    assert Wiki.objects.get().report_token_digest == token_digest(made.json()["report_token"])
    listed = get(admin_client, "/api/v1/wikisafety/wikis", admin).json()["wikis"]
    assert [(w["name"], w["namespaces"], w["watched"]) for w in listed] == [
        ("API wiki", [0, 2, 3], True)
    ]
    assert "bot-secret-123" not in str(listed)
    bad = post_json(admin_client, "/api/v1/wikisafety/wikis", {**WIKI, "api_url": "x"}, admin)
    assert bad.status_code == 400
    assert "api_url" in bad.json()["fields"]


def test_protected_volunteers_through_the_case_gate() -> None:
    hana = staff_account()
    case = case_filed().case
    omar = staff_account()  # joined after the case: no access
    hana_client, omar_client = Client(), Client()
    hana_token, omar_token = staff_token(hana_client, hana), staff_token(omar_client, omar)
    body = {
        "consent_means": "oral",
        "consent_given_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "entries": [
            {"kind": "name", "value": "Amina Haddad"},
            {"kind": "username", "value": "AminaH"},
            {"kind": "photo", "value": "a" * 40},
        ],
    }
    url = f"/api/v1/wikisafety/cases/{case.number}/protected"
    denied = post_json(omar_client, url, body, omar_token)
    missing = post_json(
        omar_client, "/api/v1/wikisafety/cases/RD-0000-0000/protected", body, omar_token
    )
    assert denied.status_code == missing.status_code == 404
    assert denied.json() == missing.json()
    assert not ProtectedVolunteer.objects.exists()

    made = post_json(hana_client, url, body, hana_token)
    assert made.status_code == 201, made.content
    assert sorted(made.json()["kinds"]) == ["name", "photo", "username"]
    assert "Amina" not in made.content.decode()
    listed = get(hana_client, url, hana_token)
    assert "Amina" not in listed.content.decode()
    assert len(listed.json()["protected"]) == 1
    assert get(omar_client, url, omar_token).status_code == 404

    bad = post_json(
        hana_client, url, {**body, "entries": [{"kind": "photo", "value": "x"}]}, hana_token
    )
    assert bad.status_code == 400
    assert ProtectedVolunteer.objects.count() == 1

    uid = made.json()["id"]
    withdraw = f"{url}/{uid}/withdraw"
    assert post_json(omar_client, withdraw, {}, omar_token).status_code == 404
    assert (
        post_json(hana_client, f"{url}/{uuid.uuid4()}/withdraw", {}, hana_token).status_code == 404
    )
    done = post_json(hana_client, withdraw, {}, hana_token)
    assert done.status_code == 200
    assert done.json()["withdrawn_at"]
    assert not ProtectedPhrase.objects.exists()
