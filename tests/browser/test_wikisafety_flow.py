"""Trust and safety on the wikis in a real browser, JavaScript off, at 360 and 1280 pixels: an
admin registers a wiki (the report token shown once) and pauses it; a handler protects a
volunteer of a case from the case page's panel, with consent and a photo (no horizontal
overflow, no axe-core violation, nothing from another origin)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.models import ProtectedVolunteer, Wiki
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.steps import sign_in
from tests.factories import case_filed, staff_account
from tests.wikisafety.wiki_steps import png


def _overflow(page: Any) -> int:
    # A click's navigation may still be committing when the next line runs (CI once measured a
    # document with no root element): wait until the page has loaded and has a root.
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.documentElement !== null && document.body !== null")
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _check(page: Any, width: int, name: str, problems: list[str]) -> None:
    if (overflow := _overflow(page)) > 0:
        problems.append(f"{name} {width}px: overflows by {overflow}px")
    problems += [f"{name} {width}px: {v}" for v in axe_violations(page, width)]
    screenshot(page, f"wikisafety-{name}-{width}")


@pytest.mark.parametrize("width", [360, 1280])
def test_register_a_wiki_and_protect_a_volunteer(
    page: Any, live_server: Any, transactional_db: None, tmp_path: Path, width: int
) -> None:
    admin = staff_account(username="wikiadmin", role=User.Role.ADMIN)
    handler = staff_account(username="leila")
    case = case_filed().case
    page.set_default_timeout(30000)
    page.set_viewport_size({"width": width, "height": 900})
    problems: list[str] = []

    sign_in(page, admin, admin.password)
    page.get_by_role("link", name="Wikis").click()
    _check(page, width, "wikis-empty", problems)
    page.get_by_label("Name", exact=True).fill("Persian Wikipedia (test)")
    page.get_by_label("Action API address").fill("https://fa.wikipedia.example/w/api.php")
    page.get_by_label("Language of the wiki").select_option("fa")
    page.get_by_label("Bot user name").fill("RightsdeskBot@rightsdesk")
    page.get_by_label("Bot password").fill("a-bot-password-1234")
    page.get_by_role("button", name="Register the wiki").click()
    content = page.content()
    assert "Wiki registered" in content
    assert "shown only this once" in content
    wiki = Wiki.objects.get()
    assert wiki.language == "fa"
    assert wiki.namespaces == [0, 1, 2, 3, 6]
    _check(page, width, "wiki-registered", problems)
    page.get_by_role("button", name="Pause watching").click()
    assert "Watching paused." in page.content()
    assert not Wiki.objects.get().active
    page.get_by_role("button", name="Log out").click()

    sign_in(page, handler, handler.password)
    page.goto(f"/staff/cases/{case.number}/")
    assert "Protection on the wikis" in page.content()
    page.get_by_role("link", name="Protect a volunteer of this case").click()
    _check(page, width, "protect-form", problems)
    page.get_by_label("The volunteer agreed to this, knowing what is registered and why.").check()
    page.get_by_label("In writing, through the case inbox").check()
    page.get_by_label("When they gave consent").fill("2026-11-30T10:00")
    page.get_by_label("Real name", exact=True).fill("Shirin Rahimi\nشیرین رحیمی")
    page.get_by_label("Account name on a wiki", exact=True).fill("ShirinR")
    photo = tmp_path / "shirin.png"
    photo.write_bytes(png((200, 100, 50)))
    page.get_by_label("Photos of the volunteer").set_input_files(str(photo))
    page.get_by_role("button", name="Protect this volunteer").click()
    content = page.content()
    assert "The volunteer is protected" in content
    assert "Shirin" not in content
    volunteer = ProtectedVolunteer.objects.get()
    assert set(volunteer.kinds) == {"name", "username", "photo"}
    _check(page, width, "protected", problems)

    assert all(url.startswith(live_server.url) for url in page.requested)
    assert problems == []
