"""Reports from a wiki's ReportIncident dialog: the payload parser (property tests), the
endpoint's token, bad input (a clear JSON error, nothing stored, never a 500), the rate limit,
an emergency opening a P1 case and its crisis, and (against the real local MediaWiki) other
reports joining the evaluation queue on the reported revision; canary for the sealed details."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, Crisis
from rightsdesk.core import admission
from rightsdesk.wikisafety.incidents.payload import PayloadError, Report, parse_report
from rightsdesk.wikisafety.incidents.services import open_details
from rightsdesk.wikisafety.mediawiki.services import wiki_register
from rightsdesk.wikisafety.mediawiki.setup import report_token_issue
from rightsdesk.wikisafety.models import Finding, IncidentReport, Wiki
from rightsdesk.wikisafety.models_incidents import BehaviorType, PhysicalHarmType
from tests.factories import staff_account
from tests.scanning import canary, data_dir_hits, database_rows

URL = "/api/v1/wikisafety/incidents"
BEHAVIOUR = {
    "revisionId": 0,
    "page": "User talk:Example",
    "incidentType": "unacceptable-user-behavior",
    "behaviorType": "doxing",
    "reportedUser": "Someone",
    "details": "They posted her address.",
}
EMERGENCY = {
    "revisionId": 0,
    "page": "Talk:Example",
    "incidentType": "immediate-threat-physical-harm",
    "physicalHarmType": "threats-physical-harm",
    "details": "He says he will come to her house tonight.",
}


@pytest.fixture(autouse=True)
def _fresh_budgets() -> Iterator[None]:
    admission.reset()
    yield
    admission.reset()


def _send(body: Any, token: str, *, raw: bool = False) -> Any:
    data = body if raw else json.dumps(body)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().post(URL, data, content_type="application/json", headers=headers)


def _wiki(api_url: str = "https://wiki.example.org/w/api.php", **changes: Any) -> tuple[Wiki, str]:
    admin = staff_account(role=User.Role.ADMIN).user
    wiki = wiki_register(
        actor=admin,
        name=changes.get("name", f"wiki {uuid.uuid4().hex[:6]}"),
        api_url=api_url,
        namespaces=[0, 1, 2, 3],
        language="en",
        bot_username=changes.get("bot_username", "Bot@rd"),
        bot_password=changes.get("bot_password", "x"),
        now=timezone.now(),
    )
    return wiki, report_token_issue(actor=admin, wiki=wiki)


# -- the parser -----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
field_values = st.none() | st.booleans() | st.integers(-5, 2**63) | st.text(max_size=1100)
keys = st.sampled_from(
    ["revisionId", "incidentType", "physicalHarmType", "behaviorType", "page", "reportedUser",
     "details", "somethingElseDetails", "threadId", "directReport", "token", "extra"]
)  # fmt: skip


@given(json_values | st.dictionaries(keys, field_values | st.sampled_from(
    [*BehaviorType.values, *PhysicalHarmType.values, "immediate-threat-physical-harm",
     "unacceptable-user-behavior", 0, 42]
)))  # fmt: skip
@settings(max_examples=400)
def test_the_parser_reads_or_refuses_with_a_field_and_never_crashes(body: object) -> None:
    refused: PayloadError | None = None
    try:
        report = parse_report(body)
    except PayloadError as error:
        refused = error
    if refused is not None:
        assert refused.message
        assert refused.code in {"invalid", "unknown_field"}
        return
    assert isinstance(report, Report)
    assert report.revision_id >= 0
    assert bool(report.physical_harm_type) == report.emergency
    assert bool(report.behavior_type) != report.emergency
    assert all(len(v) <= 1000 for v in report.sealed_fields().values())


@given(
    revision=st.integers(1, 10**9),
    behaviour=st.sampled_from(BehaviorType.values),
    details=st.text(max_size=1000).filter(lambda t: "\x00" not in t),
)
def test_every_valid_behaviour_report_is_read(revision: int, behaviour: str, details: str) -> None:
    report = parse_report(
        {"revisionId": revision, "incidentType": "unacceptable-user-behavior",
         "behaviorType": behaviour, "details": details, "token": "+\\"}
    )  # fmt: skip
    assert (report.revision_id, report.behavior_type) == (revision, behaviour)
    assert report.details == details.strip()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"revisionId": "5"}, "revisionId"),
        ({"revisionId": True}, "revisionId"),
        ({"revisionId": -1}, "revisionId"),
        ({"incidentType": "bad"}, "incidentType"),
        ({"behaviorType": "shouting"}, "behaviorType"),
        ({"physicalHarmType": "threats-self-harm"}, "physicalHarmType"),
        ({"details": "x" * 1001}, "details"),
        ({"page": ""}, "page"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_the_parser_names_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PayloadError) as refused:
        parse_report({**BEHAVIOUR, **changes})
    assert refused.value.field == field


def test_an_emergency_has_no_behaviour_type() -> None:
    with pytest.raises(PayloadError) as refused:
        parse_report({**EMERGENCY, "behaviorType": "doxing"})
    assert refused.value.field == "behaviorType"
    with pytest.raises(PayloadError) as missing:
        parse_report({k: v for k, v in EMERGENCY.items() if k != "physicalHarmType"})
    assert missing.value.field == "physicalHarmType"


# -- the endpoint ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_the_wikis_token_nothing_is_taken() -> None:
    _wiki_row, token = _wiki()
    for sent in ("", "wrong-token", token[:-2] + "xx", "x" * 200):
        answer = _send(EMERGENCY, sent)
        assert answer.status_code == 401
        assert answer.json()["error"] == "unauthorized"
    assert not IncidentReport.objects.exists()
    assert not Case.objects.exists()
    assert _send(EMERGENCY, token).status_code == 202


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "malformed_json"),
        ("[]", "malformed_json"),
        ('{"revisionId": NaN}', "malformed_json"),
        ('"\\ud800"', "malformed_json"),
        (json.dumps({**EMERGENCY, "details": "x" * 1001}), "invalid"),
        (json.dumps({**EMERGENCY, "incidentType": 7}), "invalid"),
        (json.dumps({**BEHAVIOUR, "surprise": 1}), "unknown_field"),
        (json.dumps({**BEHAVIOUR, "details": "\ud800"}), "malformed_json"),
    ],
)
def test_bad_input_is_a_clear_json_error_and_nothing_is_stored(body: str, code: str) -> None:
    _wiki_row, token = _wiki()
    answer = _send(body, token, raw=True)
    assert answer.status_code == 400, answer.content
    assert answer.json()["error"] == code
    assert answer.json()["message"]
    assert not IncidentReport.objects.exists()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_not_json_is_refused() -> None:
    _wiki_row, token = _wiki()
    answer = Client().post(
        URL, "a=b", content_type="text/plain", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 415
    assert not IncidentReport.objects.exists()


@pytest.mark.django_db
@override_settings(RIGHTSDESK_WIKISAFETY_REPORTS_PER_HOUR=10)
def test_reports_are_rate_limited_per_wiki() -> None:
    _first, token = _wiki()
    _second, other = _wiki(api_url="https://other.example.org/w/api.php")
    assert _send(EMERGENCY, token).status_code == 202
    limited = _send(EMERGENCY, token)
    assert limited.status_code == 429
    assert limited.json()["error"] == "throttled"
    assert IncidentReport.objects.count() == 1
    assert _send(EMERGENCY, other).status_code == 202  # another wiki has its own budget


@pytest.mark.django_db(transaction=True)
def test_an_emergency_opens_a_p1_case_and_a_crisis_and_seals_the_details() -> None:
    wiki, token = _wiki()
    planted = {"details": canary("details"), "user": canary("reporteduser")}
    answer = _send(
        {**EMERGENCY, "details": planted["details"], "reportedUser": planted["user"]}, token
    )
    assert answer.status_code == 202, answer.content
    assert answer.json()["opened_case"] is True
    row = IncidentReport.objects.get()
    case = Case.objects.get()
    assert (row.case, row.wiki, case.priority, case.emergency) == (case, wiki, "P1", True)
    assert Crisis.objects.filter(case=case).exists()
    assert open_details(row)["details"] == planted["details"]
    needles = {name: value.encode() for name, value in planted.items()}
    assert [n for n, v in needles.items() if v in database_rows()] == []
    found, _scanned = data_dir_hits(needles)
    assert found == {}


@pytest.mark.django_db
def test_a_behaviour_report_joins_the_queue_on_the_reported_revision(
    mediawiki: Any, make_wiki: Any, wiki_admin: User
) -> None:
    wiki = make_wiki()
    token = report_token_issue(actor=wiki_admin, wiki=wiki)
    editor = mediawiki.client("EDITOR")
    title = f"User talk:Reported {uuid.uuid4().hex[:6]}"
    first = editor.edit(title=title, text="Hello.", summary="x")
    latest = editor.edit(title=title, text="Hello.\nShe lives at 221B Baker Street.", summary="x")

    by_revision = _send({**BEHAVIOUR, "revisionId": first, "page": title}, token)
    assert by_revision.status_code == 202, by_revision.content
    assert by_revision.json()["queued"] is True
    finding = Finding.objects.get(revision__wiki=wiki, revision__revid=first)
    assert {"reported", "reported_doxing"} <= set(finding.kinds)

    by_page = _send({**BEHAVIOUR, "revisionId": 0, "page": title}, token)
    assert by_page.status_code == 202, by_page.content
    current = Finding.objects.get(revision__wiki=wiki, revision__revid=latest)
    assert "reported" in current.kinds
    assert "street_address" in current.kinds  # detection ran on the reported revision's added text
    assert IncidentReport.objects.filter(finding=current).count() == 1

    count = IncidentReport.objects.count()
    missing = _send({**BEHAVIOUR, "revisionId": latest + 10_000}, token)
    assert missing.status_code == 400
    assert "no such revision" in missing.json()["message"]
    no_page = _send({**BEHAVIOUR, "page": f"Talk:Nothing {uuid.uuid4().hex}"}, token)
    assert no_page.status_code == 400
    assert IncidentReport.objects.count() == count


@pytest.mark.django_db
def test_a_wiki_that_does_not_answer_stores_nothing_but_an_emergency_still_opens() -> None:
    _wiki_row, token = _wiki(api_url="http://127.0.0.1:9/api.php")
    answer = _send({**BEHAVIOUR, "revisionId": 5}, token)
    assert answer.status_code == 503
    assert answer.json()["error"] == "wiki_unavailable"
    assert not IncidentReport.objects.exists()
    assert _send(EMERGENCY, token).status_code == 202
