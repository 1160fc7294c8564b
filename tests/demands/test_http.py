"""The demand register over HTTP: denied and allowed side by side on every address that names
a demand (missing and forbidden look the same 404), the pages through their forms, refusals
that show the reason and change nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rightsdesk.accounts.models import User
from rightsdesk.demands.models import Demand, DemandMove, ReviewNote
from tests.factories import (
    StaffAccount,
    demand_made,
    demand_permission,
    signed_in,
    staff_account,
    without_tokens,
)


def demand_urls() -> list[tuple[str, bool]]:
    """(name, takes a row) of every URL of the demands app that names a demand (`uid`)."""
    found: list[tuple[str, bool]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif "uid" in entry.pattern.regex.groupindex and namespace == "demands":
                found.append((str(entry.name), "row" in entry.pattern.regex.groupindex))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_demand_url_is_found() -> None:
    names = {name for name, _row in demand_urls()}
    assert {"demand", "move", "review", "decide", "notification", "dsa_json"} <= names
    assert len(names) >= 14


@pytest.fixture
def hana_omar(handler: StaffAccount, other_handler: StaffAccount) -> tuple[Client, Client, Demand]:
    """hana handles demands and registered one; omar is on the team without the permission."""
    demand_permission(handler)
    demand = demand_made(User.objects.get(pk=handler.user.pk))
    return signed_in(handler), signed_in(other_handler), demand


@pytest.mark.django_db
def test_forbidden_and_missing_look_the_same_on_every_demand_url(
    hana_omar: tuple[Client, Client, Demand],
) -> None:
    hana, omar, demand = hana_omar
    row = uuid.uuid4()
    before = (Demand.objects.get().version, DemandMove.objects.count(), ReviewNote.objects.count())
    for name, has_row in demand_urls():
        extra = {"row": row} if has_row else {}
        real = reverse(f"demands:{name}", kwargs={"uid": demand.uid, **extra})
        missing = reverse(f"demands:{name}", kwargs={"uid": uuid.uuid4(), **extra})
        for method in ("get", "post"):
            denied = getattr(omar, method)(real)
            absent = getattr(omar, method)(missing)
            assert denied.status_code in (404, 405), (name, method, denied.status_code)
            assert (denied.status_code, without_tokens(denied.content)) == (
                absent.status_code,
                without_tokens(absent.content.replace(missing.encode(), real.encode())),
            ), (name, method)
    # Allowed, side by side: hana reads the page and moves it.
    page = hana.get(reverse("demands:demand", args=[demand.uid]))
    assert page.status_code == 200
    assert "Cyber crimes unit" in page.content.decode()
    assert omar.get(reverse("demands:home")).status_code == 200
    assert "Cyber crimes unit" not in omar.get(reverse("demands:home")).content.decode()
    after = (Demand.objects.get().version, DemandMove.objects.count(), ReviewNote.objects.count())
    assert after == before


@pytest.mark.django_db
def test_a_handler_registers_and_moves_a_demand(handler: StaffAccount) -> None:
    demand_permission(handler)
    hana = signed_in(handler)
    answer = hana.post(reverse("demands:home"), {
        "requester_kind": "court", "requester_name": "Istanbul 3rd Criminal Court",
        "country": "TR", "instrument": "court_order", "channel": "post",
        "received_on": "2026-11-20", "asks": ["content_removal"], "laws": "Law 5651",
        "accounts": "Alpha\nBeta", "pages": "Talk:Example",
    })  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    demand = Demand.objects.get()
    assert (demand.accounts_named, demand.has_laws, demand.country) == (2, True, "TR")
    skipped = hana.post(reverse("demands:move", args=[demand.uid]),
                        {"to": "legal_review", "version": demand.version})  # fmt: skip
    assert skipped.status_code == 400
    assert Demand.objects.get().state == "received"
    moved = hana.post(reverse("demands:move", args=[demand.uid]),
                      {"to": "authenticated", "note": "Called the court.",
                       "version": demand.version})  # fmt: skip
    assert moved.status_code == 302
    assert Demand.objects.get().state == "authenticated"


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message(handler: StaffAccount) -> None:
    demand_permission(handler)
    hana = signed_in(handler)
    answer = hana.post(reverse("demands:home"), {
        "requester_kind": "king", "country": "XX", "instrument": "court_order",
        "channel": "post", "received_on": "not a date", "asks": [],
    })  # fmt: skip
    assert answer.status_code == 400
    assert Demand.objects.count() == 0
    gagless = hana.post(reverse("demands:home"), {
        "requester_kind": "court", "country": "TR", "instrument": "court_order",
        "channel": "post", "received_on": "2026-11-20", "asks": ["data_content"],
        "gag_until": "2027-01-01",
    })  # fmt: skip
    assert gagless.status_code == 400
    assert "gag order" in gagless.content.decode()
    assert Demand.objects.count() == 0


@pytest.mark.django_db
def test_without_the_permission_nothing_is_registered(other_handler: StaffAccount) -> None:
    omar = signed_in(other_handler)
    answer = omar.post(reverse("demands:home"), {
        "requester_kind": "court", "country": "TR", "instrument": "court_order",
        "channel": "post", "received_on": "2026-11-20", "asks": ["data_content"],
    })  # fmt: skip
    assert answer.status_code == 400
    assert Demand.objects.count() == 0


@pytest.mark.django_db
def test_the_pages_work_in_every_language(handler: StaffAccount) -> None:
    demand_permission(handler)
    demand = demand_made(User.objects.get(pk=handler.user.pk))
    hana = signed_in(handler)
    for language in ("ar", "fa", "es", "fr", "ru", "my", "en"):
        hana.post(reverse("set_language"), {"language": language, "next": "/staff/"})
        assert hana.get(reverse("demands:home")).status_code == 200, language
        assert hana.get(reverse("demands:demand", args=[demand.uid])).status_code == 200, language


@pytest.mark.django_db
def test_a_second_team_member_with_the_permission_but_no_wrap_is_denied(
    hana_omar: tuple[Client, Client, Demand],
) -> None:
    _hana, _omar, demand = hana_omar
    late = staff_account(username="late")
    demand_permission(late)
    client = signed_in(late)
    assert client.get(reverse("demands:demand", args=[demand.uid])).status_code == 404
    # A reader gives them access (the key passed on); then they read it.
    hana = _hana
    given = hana.post(reverse("demands:grant", args=[demand.uid]), {"reader": "late"})
    assert given.status_code == 302
    assert client.get(reverse("demands:demand", args=[demand.uid])).status_code == 200
    again = hana.post(reverse("demands:grant", args=[demand.uid]), {"reader": "late"})
    assert again.status_code == 400
    assert "can already read it" in again.content.decode()
    # Someone without the permission is never given access.
    nobody = hana.post(reverse("demands:grant", args=[demand.uid]), {"reader": "omar"})
    assert nobody.status_code == 400


@pytest.mark.django_db
def test_the_exports_over_http(handler: StaffAccount, other_handler: StaffAccount) -> None:
    """The notice: prepared, refused before a second person approves it, then downloaded with
    no planted phone, e-mail or ID. The DSA statement: downloaded when it validates; facts over
    the schema's limit are refused with the page (the service's schema refusals:
    test_exports.py)."""
    import json  # noqa: PLC0415

    from rightsdesk.demands.models import PublicNotice  # noqa: PLC0415

    demand_permission(handler)
    demand_permission(other_handler)
    text = "Call +33 6 12 34 56 78 or write to jean.private@example.fr, NIR 2 55 08 14 168 025 38."
    demand = demand_made(User.objects.get(pk=handler.user.pk), text=text, country="FR",
                         asks=["content_removal"], requester_kind="court")  # fmt: skip
    hana, omar = signed_in(handler), signed_in(other_handler)
    prepared = hana.post(reverse("demands:notice", args=[demand.uid]), {"names": ""})
    assert prepared.status_code == 302
    early = hana.get(reverse("demands:notice_json", args=[demand.uid]))
    assert early.status_code == 400
    assert "approved before it is exported" in early.content.decode()
    assert hana.post(reverse("demands:notice_approve", args=[demand.uid])).status_code == 400
    assert omar.post(reverse("demands:notice_approve", args=[demand.uid])).status_code == 302
    assert PublicNotice.objects.get().state == "approved"
    answer = hana.get(reverse("demands:notice_json", args=[demand.uid]))
    assert answer.status_code == 200
    notice = json.loads(b"".join(answer.streaming_content))  # type: ignore[attr-defined]
    for planted in ("12 34 56 78", "jean.private@example.fr", "168 025 38"):
        assert planted not in json.dumps(notice, ensure_ascii=False)
    assert notice["body"].count("[REDACTED]") == 3

    Demand.objects.filter(pk=demand.pk).update(decision="comply", decided_at=demand.created_at)
    form = {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "category": "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "content_type": ["CONTENT_TYPE_TEXT"], "territorial_scope": ["FR"],
        "content_date": "2026-10-01", "legal_ground": "Code civil, art. 9",
        "explanation": "Private life.", "facts": "A court ordered the removal of an address.",
    }  # fmt: skip
    good = hana.post(reverse("demands:dsa_json", args=[demand.uid]), form)
    assert good.status_code == 200
    statement = json.loads(b"".join(good.streaming_content))  # type: ignore[attr-defined]
    assert statement["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    bad = hana.post(reverse("demands:dsa_json", args=[demand.uid]), {**form, "facts": "x" * 5001})
    assert bad.status_code == 400
