"""Public pages over HTTP: fresh install, real data, bad codes; CSP-safe markup, no script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from rightsdesk.gaps import services

from .conftest import DUMP_HEAD


@pytest.fixture
def client() -> Client:
    return Client(secure=True)


def test_fresh_install_shows_how_to_fill_it(data_dir: Path, client: Client) -> None:
    for url in ("/gaps/", "/gaps/topics/", "/gaps/set/india/", "/gaps/wiki/mywiki/"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"No data yet." in response.content
        assert b"rightsdesk gaps scan" in response.content


@pytest.fixture
def demo(data_dir: Path) -> None:
    services.scan(dump=DUMP_HEAD)


URLS = [
    "/gaps/",
    "/gaps/compare/?a=de&b=my",
    "/gaps/wiki/mywiki/?from=en,de",
    "/gaps/topics/",
    "/gaps/topic/Q31/",
    "/gaps/set/india/",
]


@pytest.mark.parametrize("url", URLS)
def test_pages_render_without_script_or_inline_style(demo: None, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_german_versus_burmese_reads_at_a_glance(demo: None, client: Client) -> None:
    html = client.get("/gaps/").content.decode()
    assert "German and Burmese compared" in html
    assert "49 / 49" in html
    assert "35 / 49" in html
    widths = [float(w) for w in re.findall(r'<rect class="(?:a|b)"[^>]* width="([0-9.]+)"', html)]
    assert widths[0] > widths[1] > 0  # German's coverage bar is longer than Burmese's


def test_india_page_flags_bodo_and_dogri(demo: None, client: Client) -> None:
    text = re.sub(r"<[^>]+>", "", client.get("/gaps/set/india/").content.decode())
    assert "20 of 22 languages have a Wikipedia." in text
    assert "Bodo (brx), Dogri (doi)" in text


def test_downloads(demo: None, client: Client) -> None:
    csv_response = client.get("/gaps/wiki/hiwiki/worklist.csv?from=en")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert len(csv_response.content.decode().splitlines()) == 1 + 49 - 38
    wikitext = client.get("/gaps/wiki/hiwiki/worklist.wiki?from=en").content.decode()
    assert wikitext.startswith('{| class="wikitable sortable"')
    assert wikitext.endswith("|}\n")
    assert client.get("/gaps/wikis.csv").content.startswith(b"wiki,language_name")
    assert client.get("/gaps/topic/Q31.csv").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/gaps/wiki/zzzwiki/",
        "/gaps/topic/Q424242/",
        "/gaps/set/mars/",
        "/gaps/wiki/zzzwiki/worklist.csv",
    ],
)
def test_unknown_codes_are_404_not_500(demo: None, client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_unknown_source_language_is_reported_not_fatal(demo: None, client: Client) -> None:
    response = client.get("/gaps/wiki/mywiki/?from=en,<script>")
    assert response.status_code == 200
    assert b"Not a Wikipedia, ignored:" in response.content
    assert b"<script>" not in response.content


def test_right_to_left_chart_mirrors(demo: None, client: Client) -> None:
    client.cookies["django_language"] = "ar"
    html = client.get("/gaps/", headers={"accept-language": "ar"}).content.decode()
    assert 'dir="rtl"' in html
    assert re.search(r'<text x="[0-9.]+" y="[0-9]+" text-anchor="start" font-size="13">', html)
