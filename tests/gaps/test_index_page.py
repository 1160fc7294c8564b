"""The observatory's front page: says at the top what data it shows, is paginated and filtered on
the server (no JavaScript), and names the comparison once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from rightsdesk.gaps import selectors, services

from .conftest import DUMP_HEAD


@pytest.fixture
def client() -> Client:
    return Client(secure=True)


@pytest.fixture
def demo(data_dir: Path) -> None:
    services.scan(dump=DUMP_HEAD)


def _rows(html: str) -> list[str]:
    """The wiki codes listed in the table of every Wikipedia (not the comparison's)."""
    html = html[html.index('id="wikis"') :]
    return re.findall(r'<tr><th scope="row"><a href="/gaps/wiki/([a-z0-9_-]+)/"', html)


def test_a_sample_dumps_every_item_is_said_plainly_at_the_top(demo: None, client: Client) -> None:
    html = client.get("/gaps/").content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert h1 is not None
    assert "Human-rights" not in h1.group(1)
    assert "sample Wikidata dump" in h1.group(1)
    top = html[html.index("<h1>") : html.index('class="compare"')]
    assert "This page does not show human-rights topics." in top
    assert "every item of a sample Wikidata dump" in top
    assert "human-rights topics each Wikipedia covers" not in html


def test_a_real_topic_set_keeps_the_human_rights_heading() -> None:
    assert not selectors.every_item({"topic_set": "topics.tsv (human rights, 49 topics)"})
    assert selectors.every_item({"topic_set": selectors.EVERY_ITEM})


def test_the_comparison_is_named_once(demo: None, client: Client) -> None:
    html = client.get("/gaps/").content.decode()
    # What is seen: the chart's own <title> is its accessible name, not shown on the page.
    shown = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert shown.count("German and Burmese compared") == 1


def test_the_wiki_table_is_paginated_on_the_server(demo: None, client: Client) -> None:
    everything = selectors.overview()
    assert everything is not None
    total = len(everything["wikis"])
    assert total > selectors.WIKIS_PAGE  # the demo scan has more wikis than one page
    first = _rows(client.get("/gaps/").content.decode())
    assert len(first) == selectors.WIKIS_PAGE
    second_html = client.get("/gaps/", {"page": "2"}).content.decode()
    second = _rows(second_html)
    assert second
    assert not set(first) & set(second)
    assert first + second == [row["wiki"] for row in everything["wikis"]][: len(first + second)]
    assert 'rel="prev"' in second_html
    assert "<script" not in second_html
    last = (total + selectors.WIKIS_PAGE - 1) // selectors.WIKIS_PAGE
    beyond = _rows(client.get("/gaps/", {"page": "9999"}).content.decode())
    assert beyond == _rows(client.get("/gaps/", {"page": str(last)}).content.decode())
    assert client.get("/gaps/", {"page": "x"}).status_code == 200


def test_the_wiki_table_filters_by_language_or_code(demo: None, client: Client) -> None:
    german = _rows(client.get("/gaps/", {"q": "German"}).content.decode())
    assert "dewiki" in german
    assert len(german) < 10
    assert "mywiki" in _rows(client.get("/gaps/", {"q": "mywiki"}).content.decode())
    none = client.get("/gaps/", {"q": "no-such-language-xyz"}).content.decode()
    assert _rows(none) == []
    assert "No Wikipedia matches." in none
