"""The shared page frame: per-language fonts, the favicon, the error summary, file limits."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation

from rightsdesk.intake.forms import human_size


@pytest.mark.parametrize(
    ("language", "stylesheet"),
    [("ar", "fonts-ar.css"), ("fa", "fonts-ar.css"), ("my", "fonts-my.css"), ("en", None)],
)
def test_fonts_load_only_for_the_languages_that_need_them(
    client: Client, db: None, language: str, stylesheet: str | None
) -> None:
    client.cookies["django_language"] = language
    html = client.get("/").content.decode()
    linked = {name for name in ("fonts-ar.css", "fonts-my.css") if name in html}
    assert linked == ({stylesheet} if stylesheet else set())


def test_favicon_is_linked_and_served(client: Client, db: None) -> None:
    assert 'rel="icon"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert finders.find(response["Location"].removeprefix("/static/"), find_all=False)


def test_limits_are_shown_in_decimal_units() -> None:
    with translation.override("en"):
        assert human_size(500_000_000) == "500\xa0MB"
        assert human_size(1_000_000_000) == "1\xa0GB"
        assert human_size(1_500_000) == "1.5\xa0MB"
        assert human_size(999) == "999\xa0bytes"


def test_a_missing_answer_is_summarised_at_the_top_and_shown_above_its_input(
    client: Client, db: None
) -> None:
    response = client.post("/report/", {"step": "0", "go": "next", "narrative": ""})
    html = response.content.decode()
    assert response.status_code == 400
    summary = html.index('class="error-summary"')
    assert summary < html.index("<h1>")
    assert 'href="#id_narrative"' in html[summary:]
    assert html.index('id="id_narrative_helptext"') < html.index('id="id_narrative_error"')
    assert html.index('id="id_narrative_error"') < html.index("<textarea")
