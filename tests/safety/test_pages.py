"""The safety pages over HTTP: guides walk, "tell the team" carries the answers, bad input."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.safety import flows

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, language: str = "en") -> str:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200, url
    return response.content.decode()


def test_hub_lists_every_guide(client: Client) -> None:
    page = _get(client, reverse("safety:hub"))
    for slug in flows.flow_slugs():
        assert reverse("safety:guide", kwargs={"slug": slug}) in page
    assert "<script" not in page
    assert "style=" not in page


def test_walk_the_doxxing_guide_and_tell_the_team(client: Client) -> None:
    page = _get(client, reverse("safety:guide", kwargs={"slug": "doxxing"}))
    assert "physical danger right now" in page
    link = re.search(r'href="([^"]+)">No, not right now<', page)
    assert link is not None
    page = _get(client, html_lib.unescape(link.group(1)))
    link = re.search(r'href="([^"]+)">My private information is already published<', page)
    assert link is not None
    page = _get(client, html_lib.unescape(link.group(1)))
    link = re.search(r'href="([^"]+)">On a Wikimedia project', page)
    assert link is not None
    end = html_lib.unescape(link.group(1))
    page = _get(client, end)
    assert "Get it hidden from the wiki&#x27;s history" in page
    assert 'action="/report/"' in page
    assert 'name="threat_types" value="doxxing"' in page
    assert "No, not right now" in page  # the summary carries the answers
    assert reverse("safety:support") in page  # counselling is reachable from every end

    narrative = re.search(r'name="narrative" value="([^"]*)"', page, re.S)
    ticket = re.search(r'name="ticket" value="([^"]*)"', page)
    assert narrative is not None
    assert ticket is not None
    report = client.post(
        "/report/",
        {
            "ticket": ticket.group(1),
            "step": "1",
            "go": "back",
            "narrative": html_lib.unescape(narrative.group(1)),
            "threat_types": ["doxxing"],
        },
    )
    form = report.content.decode()
    assert report.status_code == 200
    assert "Step 1 of 6" in form
    assert "From the self-help guide: I am being doxxed" in form
    assert re.search(r'value="doxxing"[^>]*checked', form)


def test_back_link_keeps_the_trail(client: Client) -> None:
    url = reverse("safety:guide_node", kwargs={"slug": "doxxing", "node": "where"})
    page = _get(client, f"{url}?trail=start.1~what.0")
    assert "/safety/guides/doxxing/what/?trail=start.1" in page


def test_forged_trail_or_unknown_node_never_500(client: Client) -> None:
    url = reverse("safety:guide_node", kwargs={"slug": "doxxing", "node": "on_wiki"})
    page = _get(client, f"{url}?trail=start.7~%00~what.99")
    assert "Tell the team" in page  # still advice, just without a summary of answers
    missing = reverse("safety:guide_node", kwargs={"slug": "doxxing", "node": "nope"})
    assert client.get(missing).status_code == 404
    assert client.get("/safety/guides/nope/").status_code == 404


@pytest.mark.parametrize("language", ["ar", "es"])
def test_doxxing_guide_is_translated(client: Client, language: str) -> None:
    page = _get(client, reverse("safety:guide", kwargs={"slug": "doxxing"}), language)
    flow = flows.load_flow("doxxing", language)
    assert flow is not None
    assert html_lib.escape(flow.nodes["start"].title) in page
    assert 'dir="rtl"' in page if language == "ar" else 'dir="ltr"' in page
    assert "shown in English" not in page


def test_missing_translation_falls_back_to_english_and_says_so(client: Client) -> None:
    page = _get(client, reverse("safety:guide", kwargs={"slug": "doxxing"}), "fa")
    assert "physical danger right now" in page
    assert 'lang="en"' in page
    assert reverse("safety:translate") in page


def test_support_glossary_and_translate_pages(client: Client) -> None:
    assert "counselling" in _get(client, reverse("safety:support")).lower()
    glossary = _get(client, reverse("safety:glossary"))
    assert 'id="doxxing"' in glossary
    assert "Help translate" in _get(client, reverse("safety:translate"))
