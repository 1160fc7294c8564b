"""Every page: strict headers, no third-party loads, nothing that identifies the client kept."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

PAGES = ["intake:home", "accounts:login", "accounts:recover"]


@pytest.mark.parametrize("name", PAGES)
def test_security_headers(client: Client, db: None, name: str) -> None:
    response = client.get(reverse(name), secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    # Nothing to other origins; see settings.SECURE_REFERRER_POLICY for why not "no-referrer".
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" in response
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_load_nothing_from_another_origin(client: Client, db: None, name: str) -> None:
    html = client.get(reverse(name)).content.decode()
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
        assert not re.match(r"^(https?:)?//", url), url
    assert "<script" not in html  # the public side needs no JavaScript at all


def test_cookies_are_secure_httponly_strict(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login"))
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"


def test_onion_location_when_configured(client: Client, db: None, settings: Settings) -> None:
    onion = "http://" + "a" * 56 + ".onion"
    settings.ONION_LOCATION = onion
    response = client.get(reverse("intake:home"))
    assert response["Onion-Location"] == onion + "/"


def test_client_identity_is_blanked_before_views_and_logs(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.get(
        "/no/such/page/",
        REMOTE_ADDR="198.51.100.23",
        HTTP_USER_AGENT="CanaryAgent/1.0",
        HTTP_X_FORWARDED_FOR="198.51.100.24",
    )
    logged = caplog.text
    assert "198.51.100.2" not in logged
    assert "CanaryAgent" not in logged


def test_right_to_left_languages_set_dir(client: Client, db: None) -> None:
    html = client.get(reverse("intake:home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    html = client.get(reverse("intake:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'dir="ltr"' in html


def test_language_chooser_works_without_javascript(client: Client, db: None) -> None:
    response = client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("intake:home")).content.decode()
    assert 'lang="fa"' in html
    assert 'dir="rtl"' in html


def test_error_pages_are_ours_and_translated(client: Client, db: None) -> None:
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Page not found" not in html  # translated, not the English source


def test_server_error_page_renders_without_a_request_context(rf: Any) -> None:
    from django.views.defaults import server_error  # noqa: PLC0415 - the handler under test

    with translation.override("en"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Nothing you sent is shown" in response.content
