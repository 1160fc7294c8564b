# ruff: noqa: RUF001 - a Persian name is the point
"""Protecting a volunteer from the case page over HTTP: the case's gate (a case the user may not
read answers like a missing one, and nothing is stored), the form with consent, names, account
names and photos (reduced to a keyed digest of their SHA-1 and discarded), refusals with the
reason, withdrawal, and the case page's panel."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rightsdesk.wikisafety.keys import protected_digester
from rightsdesk.wikisafety.models import ProtectedPhrase, ProtectedVolunteer
from tests.factories import case_filed, signed_in, staff_account, without_tokens
from tests.scanning import canary, data_dir_hits, database_rows

pytestmark = pytest.mark.django_db


def _form(**changes: object) -> dict[str, object]:
    given = (timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    return {
        "consent": "on",
        "consent_means": "inbox",
        "consent_given_at": given,
        "values_name": "Leyla Farahani\nلیلا فراهانی",
        "values_username": "LeylaF",
        **changes,
    }


def test_the_gate_denied_and_missing_look_the_same_and_nothing_is_stored() -> None:
    hana = staff_account()
    case = case_filed().case
    omar = staff_account()  # joined after the case was filed: no key to it
    allowed, denied = signed_in(hana), signed_in(omar)
    real = reverse("wikisafety_protect:page", args=[case.number])
    missing = reverse("wikisafety_protect:page", args=["RD-0000-0000"])
    for method in ("get", "post"):
        a = getattr(denied, method)(real, _form() if method == "post" else {})
        b = getattr(denied, method)(missing, _form() if method == "post" else {})
        assert a.status_code == b.status_code == 404
        assert without_tokens(a.content) == without_tokens(
            b.content.replace(missing.encode(), real.encode())
        )
    assert not ProtectedVolunteer.objects.exists()
    assert allowed.get(real).status_code == 200


def test_protecting_with_photos_keeps_only_digests() -> None:
    handler = staff_account()
    case = case_filed().case
    client = signed_in(handler)
    marker = canary("photo")
    photo_bytes = b"\x89PNG fake image " + marker.encode()
    photo = SimpleUploadedFile("leyla.png", photo_bytes, "image/png")
    answer = client.post(
        reverse("wikisafety_protect:page", args=[case.number]), {**_form(), "photos": [photo]}
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    volunteer = ProtectedVolunteer.objects.get()
    assert set(volunteer.kinds) == {"name", "username", "photo"}
    sha1 = hashlib.sha1(photo_bytes).hexdigest()  # noqa: S324 - MediaWiki's hash
    expected = protected_digester()(b"f:" + sha1.encode()).hex()
    assert ProtectedPhrase.objects.filter(kind="photo", digest=expected).exists()
    needles = {
        "photo": marker.encode(),
        "sha1": sha1.encode(),
        "name": b"Farahani",
        "persian": "فراهانی".encode(),
        "account": b"LeylaF",
    }
    rows = database_rows()
    assert [name for name, needle in needles.items() if needle in rows] == []
    found, _scanned = data_dir_hits(needles)
    assert found == {}
    page = client.get(reverse("wikisafety_protect:page", args=[case.number])).content.decode()
    assert "Photo" in page
    assert "Real name" in page
    assert "Farahani" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Record the volunteer"),
        ({"consent_means": "telepathy"}, "valid choice"),
        ({"consent_given_at": "2999-01-01T00:00"}, "cannot be dated in the future"),
        ({"values_name": "", "values_username": ""}, "at least one thing"),
        ({"values_phone": "12"}, "not a valid phone number"),
        ({"values_name": "—  ·  —"}, "no words to look for"),
    ],
)
def test_refusals_say_why_and_store_nothing(changes: dict[str, object], message: str) -> None:
    handler = staff_account()
    case = case_filed().case
    answer = signed_in(handler).post(
        reverse("wikisafety_protect:page", args=[case.number]), _form(**changes)
    )
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not ProtectedVolunteer.objects.exists()


def test_withdraw_and_the_case_panel() -> None:
    handler = staff_account()
    case = case_filed().case
    client = signed_in(handler)
    client.post(reverse("wikisafety_protect:page", args=[case.number]), _form())
    volunteer = ProtectedVolunteer.objects.get()
    panel = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "Protection on the wikis" in panel
    assert reverse("wikisafety_protect:page", args=[case.number]) in panel
    outsider = signed_in(staff_account())
    url = reverse("wikisafety_protect:withdraw", args=[case.number, volunteer.uid])
    assert outsider.post(url).status_code == 404
    assert ProtectedPhrase.objects.filter(volunteer=volunteer).exists()
    assert client.post(url).status_code == 302
    assert not ProtectedPhrase.objects.filter(volunteer=volunteer).exists()
    assert ProtectedVolunteer.objects.get().withdrawn_at is not None
