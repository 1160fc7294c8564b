"""At rest: every place the demand register stores typed or uploaded text holds none of it in
clear. Unique strings are planted through the pages in every sealed field (the requester's
name, their reference, the laws, what is asked, the text as received, the accounts and pages,
a review note, a move's note, the decision's reasons, the message to the user, the names to
mask, a document's name and bytes). The readers see them back; the database rows, every file
under the data directory and everything logged hold none of them."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rightsdesk.demands.models import Demand
from rightsdesk.demands.vocabulary import ReviewItem
from tests.factories import StaffAccount, demand_permission, signed_in, staff_account
from tests.scanning import database_rows


def canary(label: str) -> str:
    return f"CANARY{label}{secrets.token_hex(6)}"


@pytest.fixture
def staff(transactional_db: None) -> tuple[StaffAccount, StaffAccount]:
    one, two = staff_account(username="canarydem1"), staff_account(username="canarydem2")
    demand_permission(one)
    demand_permission(two)
    return one, two


def test_no_planted_plaintext_in_the_demand_register(
    staff: tuple[StaffAccount, StaffAccount],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    names = [
        "requester", "reference", "laws", "summary", "text", "account", "page", "review",
        "movenote", "reasons", "message", "masked", "filename", "filebytes",
    ]  # fmt: skip
    planted = {name: canary(name) for name in names}
    one, two = (signed_in(s) for s in staff)
    created = one.post(reverse("demands:home"), {
        "requester_kind": "private", "requester_name": planted["requester"], "country": "FR",
        "instrument": "civil_subpoena", "channel": "email", "received_on": "2026-11-20",
        "asks": ["data_content"], "laws": planted["laws"], "reference": planted["reference"],
        "summary": planted["summary"], "text": f"{planted['text']} by {planted['masked']}",
        "accounts": planted["account"], "pages": planted["page"],
    })  # fmt: skip
    assert created.status_code == 302, created.content.decode()[:3000]
    d = Demand.objects.get()

    def post(client, name: str, data: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
        answer = client.post(reverse(f"demands:{name}", args=[d.uid]), data)
        assert answer.status_code == 302, answer.content.decode()[:3000]

    def version() -> int:
        return Demand.objects.get().version

    post(one, "move", {"to": "authenticated", "note": planted["movenote"], "version": version()})
    post(one, "move", {"to": "legal_review", "version": version()})
    for item in ReviewItem.values:
        post(one, "review", {"item": item, "verdict": "met", "note": planted["review"]})
    post(one, "move", {"to": "notification", "version": version()})
    post(one, "notification", {"choice": "notify", "message": planted["message"],
                               "version": version()})  # fmt: skip
    post(one, "decide", {"decision": "refuse", "note": planted["reasons"], "version": version()})
    post(one, "notice", {"names": planted["masked"]})
    upload = SimpleUploadedFile(
        f"{planted['filename']}.txt", planted["filebytes"].encode(), "text/plain"
    )
    post(one, "document", {"file": upload})

    page = two.get(reverse("demands:demand", args=[d.uid])).content.decode()
    for name in names:
        if name not in ("filebytes", "masked"):
            assert planted[name] in page, name  # the other reader sees it all...
    assert planted["masked"] not in page.split("Notice for publication")[-1].split("<form")[0]

    needles = {name: value.encode() for name, value in planted.items()}
    found: dict[str, list[str]] = {}
    rows = [n for n, needle in needles.items() if needle in database_rows()]
    if rows:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            if hits := [n for n, needle in needles.items() if needle in blob]:
                found[str(path.relative_to(data_dir))] = hits
    logged = (caplog.text + "".join(capfd.readouterr())).encode()
    if hits := [n for n, needle in needles.items() if needle in logged]:
        found["logs"] = hits
    assert found == {}  # ...but nothing at rest or in the logs holds it


def test_no_planted_plaintext_from_the_api_writes(
    staff: tuple[StaffAccount, StaffAccount],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The API's register and review writes seal what was typed like the pages do."""
    from django.test import Client  # noqa: PLC0415

    from tests.reporting import post_json, staff_token  # noqa: PLC0415

    caplog.set_level(logging.DEBUG)
    names = ["requester", "reference", "laws", "summary", "text", "account", "page", "review"]
    planted = {name: canary(name) for name in names}
    client = Client()
    token = staff_token(client, staff[0])
    made = post_json(client, "/api/v1/demands", {
        "requester_kind": "private", "requester_name": planted["requester"], "country": "DE",
        "instrument": "civil_subpoena", "channel": "email", "received_on": "2026-11-20",
        "asks": ["data_content"], "laws": planted["laws"], "reference": planted["reference"],
        "summary": planted["summary"], "text": planted["text"],
        "accounts": [planted["account"]], "pages": [planted["page"]],
    }, token)  # fmt: skip
    assert made.status_code == 201, made.content
    uid = made.json()["id"]
    for step in ("authenticated", "legal_review"):
        assert (
            post_json(client, f"/api/v1/demands/{uid}/move", {"to": step}, token).status_code == 200
        )
    review = {"item": "law", "verdict": "met", "note": planted["review"]}
    reviewed = post_json(client, f"/api/v1/demands/{uid}/review", review, token)
    assert reviewed.status_code == 200
    assert reviewed.json()["review"]["law"]["note"] == planted["review"]

    needles = {name: value.encode() for name, value in planted.items()}
    found: dict[str, list[str]] = {}
    if rows := [n for n, needle in needles.items() if needle in database_rows()]:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            if hits := [n for n, needle in needles.items() if needle in blob]:
                found[str(path.relative_to(data_dir))] = hits
    logged = (caplog.text + "".join(capfd.readouterr())).encode()
    if hits := [n for n, needle in needles.items() if needle in logged]:
        found["logs"] = hits
    assert found == {}
