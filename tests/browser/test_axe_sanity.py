"""The accessibility audit can fail: a page with known violations is caught."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import axe_violations


def test_axe_finds_known_violations(page: Any, live_server: Any) -> None:
    bad = "<html><body><img src='/static/x.png'><input type='text'></body></html>"
    page.route(
        live_server.url + "/broken-page/",
        lambda route: route.fulfill(body=bad, content_type="text/html"),
    )
    page.goto("/broken-page/")
    found = " ".join(axe_violations(page))
    assert "image-alt" in found
    assert "html-has-lang" in found
