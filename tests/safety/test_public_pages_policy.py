"""Every public safety and community page: no script, no inline style, nothing from elsewhere."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from rightsdesk.community.models import Event

PAGES = [
    "/safety/",
    "/safety/guides/doxxing/",
    "/safety/guides/doxxing/prevent/?trail=start.1~what.2",
    "/safety/support/",
    "/safety/glossary/",
    "/safety/translate/",
    "/safety/learn/",
    "/safety/learn/doxxing/",
    "/safety/checkup/",
    "/community/",
    "/community/join/",
]


@pytest.mark.parametrize("language", ["en", "ar", "es", "fa"])
def test_public_pages_follow_the_csp(client: Client, event: Event, language: str) -> None:
    for url in [*PAGES, f"/community/events/{event.id}/"]:
        response = client.get(url, headers={"accept-language": language})
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script" not in html, url
        assert "<style" not in html, url
        assert " style=" not in html, url
        assert not re.search(r'(src|href|action)="(https?:)?//', html), url
