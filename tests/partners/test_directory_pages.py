"""The staff directory over HTTP: the list and its filters, create and edit (with optimistic
locking), vetting, capacity and notes; bad input refused with a message and nothing changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.partners.models import Partner, Vetting
from rightsdesk.partners.services.directory import notes_open, vetting_open
from tests.factories import StaffAccount, partner_listed, signed_in
from tests.openpgp import grouped, public_key_for_tests

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Digital Defenders Lab",
        "description": "Helps with hacked accounts.",
        "services": ["digital_security", "counselling"],
        "languages": "en, ar, my",
        "countries": ["IR", "MM"],
        "regions": ["145"],
        "serves": ["contributors", "journalists"],
        "hours": "Mon-Fri 09:00-17:00",
        "time_zone": "Asia/Yangon",
        "response_hours": "12",
        "capacity": "4",
        "capacity_confirmed_on": "2026-11-30",
        "website": "https://ddl.example.org",
        "email": "help@ddl.example.org",
        "phone": "+95 1 234 567",
        "signal": "ddl.01",
        "openpgp_key": public_key_for_tests()[0],
        "openpgp_fingerprint": grouped(public_key_for_tests()[1]),
        "public": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_shows_on_the_list_with_every_fact(handler: StaffAccount) -> None:
    hana = signed_in(handler)
    assert hana.get(reverse("partners:directory_new")).status_code == 200
    response = hana.post(reverse("partners:directory_new"), _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    partner = Partner.objects.get()
    assert partner.languages == ["en", "ar", "my"]
    assert partner.countries == ["IR", "MM"]
    assert partner.openpgp_fingerprint == public_key_for_tests()[1]
    assert partner.time_zone == "Asia/Yangon"
    page = hana.get(reverse("partners:directory")).content.decode()
    for fact in ("Digital Defenders Lab", "Digital security help", "Burmese", "Iran", "12 hours"):
        assert fact in page, fact
    assert "0 / 4" in page
    assert "Never vetted" in page  # loud: no vetting yet
    detail = hana.get(reverse("partners:directory_partner", args=[partner.uid]))
    assert detail.status_code == 200
    assert grouped(public_key_for_tests()[1])[:19] in detail.content.decode()
    assert AuditEntry.objects.filter(action="partner.create").count() == 1
    assert AuditEntry.objects.filter(action="partner.read").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("languages", "en, xx", "Unknown language code"),
        ("services", [], "Choose at least one service."),
        ("countries", ["ZZ"], "Select a valid choice"),
        ("time_zone", "Mars/Olympus", "Unknown time zone"),
        ("response_hours", "0", "greater than or equal to 1"),
        ("openpgp_fingerprint", "XYZ", "40 hexadecimal characters"),
        ("openpgp_key", "not a key", "armored OpenPGP public key"),
        ("phone", "call me", "phone number"),
        ("name", "x" * 201, "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    handler: StaffAccount, field: str, value: Any, message: str
) -> None:
    response = signed_in(handler).post(reverse("partners:directory_new"), _form(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Partner.objects.exists()


def test_nowhere_is_refused(handler: StaffAccount) -> None:
    response = signed_in(handler).post(
        reverse("partners:directory_new"), _form(countries=[], regions=[])
    )
    assert response.status_code == 400
    assert "Say where they work" in response.content.decode()


def test_a_duplicate_name_is_refused(handler: StaffAccount) -> None:
    partner_listed(name="Digital Defenders Lab")
    response = signed_in(handler).post(
        reverse("partners:directory_new"), _form(name="digital  defenders lab")
    )
    assert response.status_code == 400
    assert "already listed" in response.content.decode()
    assert Partner.objects.count() == 1


def test_edit_from_an_older_page_is_refused_and_shows_it_as_it_is(handler: StaffAccount) -> None:
    hana = signed_in(handler)
    hana.post(reverse("partners:directory_new"), _form())
    partner = Partner.objects.get()
    url = reverse("partners:directory_edit", args=[partner.uid])
    assert hana.post(url, _form(capacity="6", version="0")).status_code == 302
    stale = hana.post(url, _form(capacity="9", version="0"))
    assert stale.status_code == 409
    assert "changed this organisation meanwhile" in stale.content.decode()
    assert Partner.objects.get().capacity == 6
    assert Partner.objects.get().version == 1
    missing_version = hana.post(url, _form(capacity="9"))
    assert missing_version.status_code == 409
    assert Partner.objects.get().capacity == 6


def test_vetting_capacity_and_notes(handler: StaffAccount) -> None:
    partner = partner_listed(vetted_until_days=-1, capacity=1)
    hana = signed_in(handler)
    page = hana.get(reverse("partners:directory")).content.decode()
    assert "Vetting expired" in page
    today = timezone.now().date()
    vetting = {
        "vouched_by": "CiviCERT member X",
        "evidence": "Met in person",
        "vetted_on": today.isoformat(),
        "expires_on": (today + timedelta(days=365)).isoformat(),
    }
    url = reverse("partners:directory_vetting", args=[partner.uid])
    bad = hana.post(url, vetting | {"expires_on": (today - timedelta(days=1)).isoformat()})
    assert bad.status_code == 400
    assert "must end after it starts" in bad.content.decode()
    too_long = hana.post(url, vetting | {"expires_on": (today + timedelta(days=1200)).isoformat()})
    assert too_long.status_code == 400
    assert Vetting.objects.filter(partner=partner).count() == 1
    assert hana.post(url, vetting).status_code == 302
    newest = Vetting.objects.filter(partner=partner).order_by("-id").first()
    assert newest is not None
    assert vetting_open(newest).vouched_by == "CiviCERT member X"
    assert b"CiviCERT member X" not in bytes(newest.body)
    assert "Vetting expired" not in hana.get(reverse("partners:directory")).content.decode()

    capacity_url = reverse("partners:directory_capacity", args=[partner.uid])
    version = Partner.objects.get().version
    assert hana.post(capacity_url, {"capacity": "-1", "version": version}).status_code == 400
    assert hana.post(capacity_url, {"capacity": "7", "version": version}).status_code == 302
    fresh = Partner.objects.get()
    assert (fresh.capacity, fresh.capacity_confirmed_on) == (7, today)
    stale = hana.post(capacity_url, {"capacity": "2", "version": version})
    assert stale.status_code == 409
    assert Partner.objects.get().capacity == 7

    notes_url = reverse("partners:directory_notes", args=[partner.uid])
    saved = hana.post(notes_url, {"notes": "Slow to answer in August.", "version": fresh.version})
    assert saved.status_code == 302
    row = Partner.objects.get()
    assert notes_open(row) == "Slow to answer in August."
    assert b"Slow to answer" not in bytes(row.notes)
    assert (
        "Slow to answer in August."
        in hana.get(reverse("partners:directory_partner", args=[partner.uid])).content.decode()
    )


def test_filters(handler: StaffAccount) -> None:
    partner_listed(
        name="Lawyers of Tehran",
        services=("legal",),
        languages=("fa",),
        countries=("IR",),
        worldwide=False,
        public=True,
    )
    partner_listed(
        name="Expired Helpers", services=("counselling",), languages=("en",), vetted_until_days=-1
    )
    hana = signed_in(handler)

    def names(**query: str) -> set[str]:
        page = hana.get(reverse("partners:directory"), query).content.decode()
        return {n for n in ("Lawyers of Tehran", "Expired Helpers") if n in page}

    assert names() == {"Lawyers of Tehran", "Expired Helpers"}
    assert names(service="legal") == {"Lawyers of Tehran"}
    assert names(language="en") == {"Expired Helpers"}
    assert names(country="IR") == {"Lawyers of Tehran", "Expired Helpers"}  # worldwide
    assert names(country="FR") == {"Expired Helpers"}
    assert names(region="034") == {"Expired Helpers"}  # worldwide; Tehran lists no region
    assert names(vetting="expired") == {"Expired Helpers"}
    assert names(vetting="valid") == {"Lawyers of Tehran"}
    assert names(public="yes") == {"Lawyers of Tehran"}
    bad = hana.get(reverse("partners:directory"), {"language": "zz1"})
    assert bad.status_code == 400
    assert "Unknown language code." in bad.content.decode()


def test_performance_page_renders_suppressed_cells(client: Client, handler: StaffAccount) -> None:
    partner_listed(name="Quiet Org")
    page = signed_in(handler).get(reverse("partners:directory_performance")).content.decode()
    assert "Quiet Org" in page
    assert "fewer than 3" in page
