"""The API's Idempotency-Key: a report sent again with the same key (a broken connection) is filed
once and answers the same receipt within the replay window, a clear 409 after it; a malformed key
is refused with nothing stored; two sends at once file one case; the kept receipt is sealed (a
database dump holds neither it nor the key) and emptied when its window passes."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.cases.models import Case
from rightsdesk.core import admission
from rightsdesk.intake import idempotency
from rightsdesk.intake.models import SpentTicket
from tests.concurrency import at_once
from tests.reporting import reporter_token
from tests.scanning import database_rows

URL = "/api/v1/reports"


@pytest.fixture(autouse=True)
def _fresh_budgets() -> Iterator[None]:
    admission.reset()
    yield
    admission.reset()


def _send(client: Client, key: str | None, narrative: str = "Idempotent story") -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        URL, json.dumps({"narrative": narrative}), content_type="application/json", headers=headers
    )


@pytest.mark.django_db
def test_the_same_key_files_once_and_answers_the_same_receipt(client: Client) -> None:
    key = secrets.token_urlsafe(16)
    first = _send(client, key)
    assert first.status_code == 201, first.content
    again = _send(client, key)
    assert again.status_code == 201
    assert again.json()["receipt"] == first.json()["receipt"]
    assert Case.objects.count() == 1
    assert reporter_token(client, again.json()["receipt"])
    other = _send(client, secrets.token_urlsafe(16))
    assert other.status_code == 201
    assert other.json()["receipt"] != first.json()["receipt"]
    without = _send(client, None)
    assert without.status_code == 201
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_after_the_window_the_key_is_refused_clearly_and_the_receipt_is_gone(
    client: Client,
) -> None:
    key = secrets.token_urlsafe(16)
    with freeze_time() as frozen:
        assert _send(client, key).status_code == 201
        frozen.tick(timedelta(seconds=idempotency.REPLAY_SECONDS + 1))
        late = _send(client, key)
        assert late.status_code == 409
        assert late.json()["error"] == "already_sent"
        assert Case.objects.count() == 1
        row = SpentTicket.objects.get()
        assert bytes(row.sealed_receipt) == b""
        assert row.replay_until is None


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=200).filter(lambda k: not idempotency.KEY_SHAPE.fullmatch(k))
    | st.sampled_from(["", "short", "a" * 21, "a" * 129, "ü" * 30, "a b" * 10, "a\x00" * 12])
)
def test_a_malformed_key_is_refused_and_nothing_is_stored(key: str) -> None:
    try:
        key.encode("latin-1")
    except UnicodeEncodeError:
        return  # an HTTP header cannot carry it; the WSGI server never hands it over
    before = Case.objects.count()
    response = _send(Client(), key)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert "Idempotency-Key" in response.json()["message"]
    assert Case.objects.count() == before


@pytest.mark.django_db
def test_the_kept_receipt_and_the_key_are_not_in_the_database(client: Client) -> None:
    key = secrets.token_urlsafe(16)
    receipt = _send(client, key).json()["receipt"]
    dump = database_rows()
    assert receipt.encode() not in dump
    assert receipt.replace(" ", "").encode() not in dump
    assert key.encode() not in dump
    assert bytes(SpentTicket.objects.get().sealed_receipt)


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_with_one_key_file_one_case() -> None:
    key = secrets.token_urlsafe(16)
    answers = at_once(lambda: _send(Client(), key).status_code)
    assert Case.objects.count() == 1
    # The second either waited and got the receipt again, or was told it is already sent.
    assert sorted(answers) in ([201, 201], [201, 409])
