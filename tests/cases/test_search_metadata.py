"""Search finds the clear metadata (threat types, rights, labels, country, status, priority) as
well as the encrypted text, with filters; on the page and over the API, with the same need-to-know.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.cases.editing import CaseEdit, case_edit
from rightsdesk.cases.models import Case
from tests.factories import StaffAccount, case_filed, signed_in, staff_account
from tests.reporting import staff_token

pytestmark = pytest.mark.django_db


def _page(client: Client, **data: str) -> str:
    response = client.post(reverse("cases:search"), data, headers={"accept-language": "en"})
    assert response.status_code == 200, response.content.decode()[:800]
    return response.content.decode()


@pytest.fixture
def three(handler: StaffAccount) -> dict[str, Case]:
    doxxed = case_filed(narrative="They posted where I live.", threat_types=["doxxing"])
    also = case_filed(
        narrative="Photos of my house on a forum.", threat_types=["doxxing", "defamation"]
    )
    other = case_filed(
        narrative="Insults every day.", threat_types=["online_harassment"], country="MM"
    )
    cases = {"doxxed": doxxed.case, "also": also.case, "other": other.case}
    case_edit(
        case=cases["other"],
        edit=CaseEdit(version=cases["other"].version, labels=["wave-2026"]),
        actor=handler.user,
    )
    case_edit(
        case=cases["also"],
        edit=CaseEdit(version=cases["also"].version, status="in_progress"),
        actor=handler.user,
    )
    return cases


def _numbers(page: str, cases: dict[str, Case]) -> set[str]:
    return {name for name, case in cases.items() if case.number in page}


def test_threat_type_by_code_and_by_label(handler: StaffAccount, three: dict[str, Case]) -> None:
    hana = signed_in(handler)
    assert _numbers(_page(hana, q="doxxing"), three) == {"doxxed", "also"}
    assert _numbers(_page(hana, q="private information published"), three) == {"doxxed", "also"}
    assert _numbers(_page(hana, q="defamation"), three) == {"also"}


def test_threat_type_by_its_translated_label(handler: StaffAccount, three: dict[str, Case]) -> None:
    hana = signed_in(handler)
    response = hana.post(
        reverse("cases:search"), {"q": "harcèlement en ligne"}, headers={"accept-language": "fr"}
    )
    assert response.status_code == 200
    assert _numbers(response.content.decode(), three) == {"other"}


def test_labels_country_status_and_text_together(
    handler: StaffAccount, three: dict[str, Case]
) -> None:
    hana = signed_in(handler)
    assert _numbers(_page(hana, q="wave-2026"), three) == {"other"}
    assert _numbers(_page(hana, q="myanmar"), three) == {"other"}
    assert _numbers(_page(hana, q="MM insults"), three) == {"other"}
    assert _numbers(_page(hana, q="in progress"), three) == {"also"}
    # One word from the metadata and one from the encrypted text: both must occur.
    assert _numbers(_page(hana, q="doxxing forum"), three) == {"also"}
    assert _numbers(_page(hana, q="doxxing insults"), three) == set()


def test_filters_narrow_and_work_without_words(
    handler: StaffAccount, three: dict[str, Case]
) -> None:
    hana = signed_in(handler)
    assert _numbers(_page(hana, q="", threat_type="doxxing"), three) == {"doxxed", "also"}
    assert _numbers(_page(hana, q="", status="new"), three) == {"doxxed", "other"}
    assert _numbers(_page(hana, q="doxxing", status="in_progress"), three) == {"also"}
    priority = three["doxxed"].priority
    found = _numbers(_page(hana, q="", priority=priority), three)
    assert "doxxed" in found
    bad = hana.post(reverse("cases:search"), {"q": "", "status": "nonsense"})
    assert bad.status_code == 400
    empty = hana.post(reverse("cases:search"), {"q": ""})
    assert empty.status_code == 400  # no words and no filter: nothing to search for


def test_metadata_search_keeps_need_to_know(three: dict[str, Case]) -> None:
    outsider = signed_in(staff_account(username="outsider"))  # joined later: no grant
    page = _page(outsider, q="doxxing")
    assert _numbers(page, three) == set()


def _api(client: Client, token: str, body: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/search",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_api_searches_metadata_with_filters_as_fields(
    client: Client, handler: StaffAccount, three: dict[str, Case]
) -> None:
    token = staff_token(client, handler)
    found = _api(client, token, {"q": "doxxing"})
    assert found.status_code == 200
    assert {c["number"] for c in found.json()["cases"]} == {
        three["doxxed"].number,
        three["also"].number,
    }
    narrowed = _api(client, token, {"q": "doxxing", "status": "in_progress"})
    assert [c["number"] for c in narrowed.json()["cases"]] == [three["also"].number]
    only_filter = _api(client, token, {"threat_type": "online_harassment"})
    assert [c["number"] for c in only_filter.json()["cases"]] == [three["other"].number]
    bad = _api(client, token, {"q": "doxxing", "priority": "P9"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid"
