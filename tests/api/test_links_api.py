"""The links API: list, link, unlink, with the denied and the allowed caller side by side; and the
405 answers name every method a URL serves."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case, CaseLink
from tests.factories import StaffAccount, staff_account
from tests.reporting import get, post_json, report, staff_token


def new_case(client: Client) -> Case:
    before = set(Case.objects.values_list("pk", flat=True))
    report(client, "linked")
    return Case.objects.exclude(pk__in=before).get()


def delete(client: Client, path: str, token: str) -> Any:
    return client.delete(path, headers={"Authorization": f"Bearer {token}"})


def test_link_list_unlink_denied_and_allowed(client: Client, handler: StaffAccount) -> None:
    a = new_case(client)
    late = staff_account(username="late")
    b = new_case(client)
    hana, outsider = staff_token(client, handler), staff_token(client, late)
    links_a, links_b = f"/api/v1/cases/{a.number}/links", f"/api/v1/cases/{b.number}/links"

    assert get(client, links_a, hana).json() == {"links": []}
    forbidden = get(client, links_a, outsider)
    missing = get(client, "/api/v1/cases/RD-00000000/links", outsider)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    assert post_json(client, links_a, {"number": b.number, "kind": "related"}, outsider).json() == (
        missing.json()
    )
    hidden = post_json(client, links_b, {"number": a.number, "kind": "related"}, outsider)
    nowhere = post_json(client, links_b, {"number": "RD-00000000", "kind": "related"}, outsider)
    assert hidden.status_code == nowhere.status_code == 400
    assert hidden.json() == nowhere.json()
    assert hidden.json()["error"] == "refused"
    assert not CaseLink.objects.exists()

    created = post_json(client, links_a, {"number": b.number, "kind": "same_wave"}, hana)
    assert created.status_code == 201, created.content
    assert created.json() == {
        "number": b.number,
        "kind": "same_wave",
        "status": "new",
        "priority": b.priority or None,
    }
    same = post_json(client, links_b, {"number": a.number, "kind": "same_wave"}, hana)
    assert same.status_code == 200
    changed = post_json(client, links_b, {"number": a.number, "kind": "same_attacker"}, hana)
    assert changed.status_code == 200
    assert changed.json()["kind"] == "same_attacker"
    assert CaseLink.objects.count() == 1
    assert [x["number"] for x in get(client, links_b, hana).json()["links"]] == [a.number]
    assert get(client, links_b, outsider).json() == {"links": []}  # a is not theirs to see

    assert delete(client, f"{links_b}/{a.number}", outsider).status_code == 400
    assert delete(client, f"{links_a}/{b.number}", outsider).status_code == 404
    assert CaseLink.objects.count() == 1
    assert delete(client, f"{links_b}/{a.number}", hana).status_code == 204
    assert not CaseLink.objects.exists()
    again = delete(client, f"{links_b}/{a.number}", hana)
    assert again.status_code == 400
    assert again.json()["error"] == "refused"
    actions = list(
        AuditEntry.objects.filter(action__startswith="case.").values_list("action", flat=True)
    )
    assert actions.count("case.link") == 4  # created, then kind changed: each on both cases
    assert actions.count("case.unlink") == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"number": 5, "kind": "related"}, "invalid"),
        ({"kind": "related"}, "invalid"),
        ({"number": "RD-00000000"}, "invalid"),
        ({"number": "RD-00000000", "kind": "cousin"}, "refused"),
        ({"number": "RD-00000000", "kind": "related", "note": "x"}, "unknown_field"),
        ([], "malformed_json"),
    ],
)
def test_bad_link_bodies(client: Client, handler: StaffAccount, body: Any, code: str) -> None:
    a = new_case(client)
    response = post_json(
        client, f"/api/v1/cases/{a.number}/links", body, staff_token(client, handler)
    )
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert not CaseLink.objects.exists()


def test_anonymous_and_not_json(client: Client, handler: StaffAccount) -> None:
    a = new_case(client)
    path = f"/api/v1/cases/{a.number}/links"
    assert client.get(path).status_code == 401
    assert post_json(client, path, {"number": "x", "kind": "related"}).status_code == 401
    assert client.delete(f"{path}/RD-00000000").status_code == 401
    token = staff_token(client, handler)
    response = client.post(
        path, "number=x", content_type="text/plain", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/v1/cases/RD-00000000", "GET, PATCH"),
        ("delete", "/api/v1/cases/RD-00000000", "GET, PATCH"),
        ("post", "/api/v1/cases/RD-00000000", "GET, PATCH"),
        ("put", "/api/v1/cases/RD-00000000/links", "GET, POST"),
        ("get", "/api/v1/cases/RD-00000000/links/RD-00000001", "DELETE"),
        ("get", "/api/v1/cases/RD-00000000/grants/hana", "DELETE"),
    ],
)
def test_405_names_every_allowed_method(
    client: Client, db: None, method: str, path: str, allow: str
) -> None:
    response = client.generic(method.upper(), path, json.dumps({}), "application/json")
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response.json()["error"] == "method_not_allowed"


def test_schema_documents_the_links(client: Client, db: None) -> None:
    schema = client.get("/api/schema").json()
    assert set(schema["paths"]["/api/v1/cases/{number}/links"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/cases/{number}/links/{other}"]) == {"delete"}
    link_in = schema["components"]["schemas"]["LinkIn"]
    assert link_in["properties"]["kind"]["enum"] == ["same_attacker", "same_wave", "related"]
    assert schema["components"]["schemas"]["LinkList"]["properties"]["links"]["maxItems"] == 50
