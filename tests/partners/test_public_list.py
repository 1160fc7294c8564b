"""The public list of support organisations (/support/): only organisations that agreed to be
public and whose vetting is valid, only what they published, filters by GET, no script, and
linked from every safety guide and the counselling page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.partners.services.directory import partner_save
from rightsdesk.safety import flows
from rightsdesk.safety.views import GUIDE_SERVICES
from tests.factories import partner_listed
from tests.openpgp import grouped, public_key_for_tests

pytestmark = pytest.mark.django_db


def _listed(client: Client, **query: str) -> set[str]:
    page = client.get(reverse("partners:support"), query).content.decode()
    return set(re.findall(r"<h2 id=\"org-\d+\"><bdi>([^<]+)</bdi>", page))


def test_only_public_organisations_with_a_valid_vetting_are_listed(client: Client) -> None:
    partner_listed(name="Listed", public=True)
    partner_listed(name="Private", public=False)
    partner_listed(name="Expired", public=True, vetted_until_days=-1)
    blocked = partner_listed(name="Blocked", public=True)
    partner_save(actor=None, partner=blocked, values={"do_not_refer": True})
    assert _listed(client) == {"Listed"}


def test_only_what_the_organisation_published_is_shown(client: Client) -> None:
    partner = partner_listed(name="Listed", public=True)
    partner_save(
        actor=None,
        partner=partner,
        values={
            "website": "https://listed.example.org",
            "email": "help@listed.example.org",
            "phone": "+44 20 1234 5678",
            "signal": "listed.01",
            "openpgp_key": public_key_for_tests()[0],
            "openpgp_fingerprint": public_key_for_tests()[1],
            "hours": "INTERNALHOURS",
            "capacity": 77,
            "response_hours": 99,
        },
        notes="TEAMNOTE about them",
    )
    page = client.get(reverse("partners:support")).content.decode()
    for shown in (
        "https://listed.example.org",
        "help@listed.example.org",
        "+44 20 1234 5678",
        "listed.01",
        grouped(public_key_for_tests()[1])[:19],
    ):
        assert shown in page, shown
    key_body = public_key_for_tests()[0].splitlines()[3][:24]
    # The fingerprint is random hex (a fresh key each run): take it out before looking for the
    # capacity and response time, which it may contain by chance.
    without_fingerprint = page.replace(grouped(public_key_for_tests()[1]), "")
    for hidden in (key_body, "TEAMNOTE", "CiviCERT", "Known to the team", "77", "99 h"):
        assert hidden not in without_fingerprint, hidden
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//(?!listed\.example\.org)', page)


def test_filters_by_service_language_and_country(client: Client) -> None:
    partner_listed(
        name="Tehran Lawyers",
        services=("legal",),
        languages=("fa",),
        countries=("IR",),
        worldwide=False,
        public=True,
    )
    partner_listed(
        name="Counsel Everywhere", services=("counselling",), languages=("en", "ar"), public=True
    )
    partner_listed(
        name="Asia Helpers",
        services=("digital_security",),
        languages=("my",),
        worldwide=False,
        countries=("TH",),
        public=True,
    )
    # Regions are matched through M49: Myanmar is in South-eastern Asia (035).
    helper = partner_listed(
        name="Region Helpers",
        services=("digital_security",),
        languages=("my",),
        worldwide=False,
        countries=("VN",),
        public=True,
    )
    partner_save(actor=None, partner=helper, values={"regions": ["035"], "countries": []})
    assert _listed(client, service="legal") == {"Tehran Lawyers"}
    assert _listed(client, service="counselling") == {"Counsel Everywhere"}
    assert _listed(client, language="fa") == {"Tehran Lawyers"}
    assert _listed(client, country="IR") == {"Tehran Lawyers", "Counsel Everywhere"}
    assert _listed(client, country="MM") == {"Counsel Everywhere", "Region Helpers"}
    assert _listed(client, service="legal", country="FR") == set()
    empty = client.get(reverse("partners:support"), {"service": "legal", "country": "FR"})
    assert "No listed organisation matches" in empty.content.decode()
    # The language filter offers only what listed organisations speak.
    page = client.get(reverse("partners:support")).content.decode()
    assert 'value="fa"' in page
    assert 'value="de"' not in page


def test_an_unknown_filter_value_is_refused_with_a_message(client: Client) -> None:
    partner_listed(name="Listed", public=True)
    response = client.get(reverse("partners:support"), {"service": "astrology"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "Listed" in response.content.decode()


def test_the_page_is_right_to_left_in_arabic(client: Client) -> None:
    partner_listed(name="Listed", public=True, languages=("ar",))
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("partners:support"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page
    assert "العربية" in page  # the language named in Arabic


def test_every_safety_guide_and_the_counselling_page_link_to_the_list(client: Client) -> None:
    for slug in flows.flow_slugs():
        flow = flows.load_flow(slug, "en")
        assert flow is not None
        for node in flow.nodes:
            url = reverse("safety:guide_node", kwargs={"slug": slug, "node": node})
            page = client.get(url).content.decode()
            service = GUIDE_SERVICES.get(slug)
            expected = "/support/" + (f"?service={service}" if service else "")
            assert f'href="{expected}"' in page, (slug, node)
    assert set(GUIDE_SERVICES) == set(flows.flow_slugs())
    support = client.get(reverse("safety:support")).content.decode()
    assert 'href="/support/?service=counselling"' in support
    assert 'href="/support/?service=support_group"' in support
    assert 'href="/support/"' in client.get(reverse("safety:hub")).content.decode()


def test_nothing_is_listed_on_an_empty_directory(client: Client) -> None:
    page = client.get(reverse("partners:support")).content.decode()
    assert "No organisation is listed at the moment" in page
