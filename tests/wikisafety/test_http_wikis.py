"""The wikis' staff pages over HTTP: admins only (a handler gets the one admin refusal, and
nothing changes), registering with a token shown once, bad input refused with the reason, pause
and resume, and the bot's rights asked of the real local MediaWiki (naming the right it lacks)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.core.tokens import token_digest
from rightsdesk.wikisafety.mediawiki.services import wiki_register
from rightsdesk.wikisafety.models import WatcherStatus, Wiki
from tests.factories import signed_in, staff_account
from tests.scanning import database_rows

pytestmark = pytest.mark.django_db

REGISTER = {
    "name": "Test wiki",
    "api_url": "https://wiki.example.org/w/api.php",
    "namespaces": ["0", "3"],
    "language": "fa",
    "bot_username": "Bot@rd",
    "bot_password": "s3cret-bot-password-xyz",
}


def _wiki(admin: User, **changes: Any) -> Wiki:
    values = {**REGISTER, "namespaces": [0, 3], **changes}
    return wiki_register(actor=admin, now=timezone.now(), **values)


def test_handlers_are_refused_every_page_and_nothing_changes() -> None:
    admin = staff_account(role=User.Role.ADMIN)
    wiki = _wiki(admin.user)
    handler = signed_in(staff_account())
    before = (Wiki.objects.get().active, Wiki.objects.get().bot_username)
    pages = [
        ("get", reverse("wikisafety_wikis:list"), {}),
        ("post", reverse("wikisafety_wikis:list"), {**REGISTER, "name": "Other"}),
        ("get", reverse("wikisafety_wikis:detail", args=[wiki.uid]), {}),
        ("post", reverse("wikisafety_wikis:bot", args=[wiki.uid]), {"bot_username": "X@y", "bot_password": "z"}),  # noqa: E501
        ("post", reverse("wikisafety_wikis:rights", args=[wiki.uid]), {}),
        ("post", reverse("wikisafety_wikis:watching", args=[wiki.uid]), {"watched": "0"}),
        ("post", reverse("wikisafety_wikis:token", args=[wiki.uid]), {}),
    ]  # fmt: skip
    allowed = signed_in(admin)
    for method, url, data in pages:
        denied = getattr(handler, method)(url, data)
        assert denied.status_code == 403, (url, denied.status_code)
        assert "for admins only" in denied.content.decode()
    assert Wiki.objects.count() == 1
    assert (Wiki.objects.get().active, Wiki.objects.get().bot_username) == before
    assert Wiki.objects.get().report_token_digest == ""
    # Allowed, side by side.
    assert allowed.get(reverse("wikisafety_wikis:list")).status_code == 200
    assert allowed.get(reverse("wikisafety_wikis:detail", args=[wiki.uid])).status_code == 200
    assert allowed.get(reverse("wikisafety_wikis:detail", args=[uuid.uuid4()])).status_code == 404


def test_registering_shows_the_token_once_and_stores_only_its_hash() -> None:
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    answer = admin.post(reverse("wikisafety_wikis:list"), REGISTER)
    assert answer.status_code == 200
    page = answer.content.decode()
    token = re.search(r'<code dir="ltr" class="token">([^<]+)</code>', page)
    assert token is not None
    wiki = Wiki.objects.get()
    assert (wiki.namespaces, wiki.language, wiki.active) == ([0, 3], "fa", True)
    assert wiki.report_token_digest == token_digest(token.group(1))
    rows = database_rows()
    assert token.group(1).encode() not in rows
    assert str(REGISTER["bot_password"]).encode() not in rows
    again = admin.get(reverse("wikisafety_wikis:detail", args=[wiki.uid])).content.decode()
    assert token.group(1) not in again
    assert AuditEntry.objects.filter(action="wikisafety.wiki_report_token").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("api_url", "https://wiki.example.org/wiki/Main_Page", "api.php"),
        ("api_url", "javascript:alert(1)", "api.php"),
        ("namespaces", ["99"], "valid choice"),
        ("language", "xx", "valid choice"),
        ("bot_password", "", "required"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_stored(
    field: str, value: object, message: str
) -> None:
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    answer = admin.post(reverse("wikisafety_wikis:list"), {**REGISTER, field: value})
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Wiki.objects.exists()


def test_a_wiki_registered_twice_is_refused() -> None:
    account = staff_account(role=User.Role.ADMIN)
    _wiki(account.user)
    answer = signed_in(account).post(reverse("wikisafety_wikis:list"), REGISTER)
    assert answer.status_code == 400
    assert "registered already" in answer.content.decode()
    assert Wiki.objects.count() == 1


def test_pause_and_resume() -> None:
    account = staff_account(role=User.Role.ADMIN)
    wiki = _wiki(account.user)
    WatcherStatus.objects.filter(wiki=wiki).update(
        failures=3, last_error="unavailable", backoff_until=timezone.now()
    )
    admin = signed_in(account)
    page = admin.get(reverse("wikisafety_wikis:detail", args=[wiki.uid])).content.decode()
    assert "The wiki did not answer." in page
    assert "Pause watching" in page
    url = reverse("wikisafety_wikis:watching", args=[wiki.uid])
    assert admin.post(url, {"watched": "0"}).status_code == 302
    assert not Wiki.objects.get().active
    assert admin.post(url, {"watched": "maybe"}).status_code == 400
    assert not Wiki.objects.get().active
    assert admin.post(url, {"watched": "1"}).status_code == 302
    assert Wiki.objects.get().active
    assert WatcherStatus.objects.get(wiki=wiki).backoff_until is None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"wikisafety.wiki_pause", "wikisafety.wiki_resume"} <= actions


def test_setting_the_bot_seals_the_password() -> None:
    account = staff_account(role=User.Role.ADMIN)
    wiki = _wiki(account.user)
    admin = signed_in(account)
    url = reverse("wikisafety_wikis:bot", args=[wiki.uid])
    assert admin.post(url, {"bot_username": "New@rd", "bot_password": ""}).status_code == 400
    assert Wiki.objects.get().bot_username == "Bot@rd"
    done = admin.post(url, {"bot_username": "New@rd", "bot_password": "another-secret-77"})
    assert done.status_code == 302
    assert Wiki.objects.get().bot_username == "New@rd"
    assert b"another-secret-77" not in database_rows()


def test_the_rights_check_asks_the_real_wiki_and_names_the_missing_right(
    mediawiki: Any, make_wiki: Any, wiki_admin: User
) -> None:
    full = make_wiki("BOT")
    partial = make_wiki("NOSUPPRESS")
    admin = signed_in(staff_account(role=User.Role.ADMIN))
    page = admin.post(reverse("wikisafety_wikis:rights", args=[full.uid])).content.decode()
    assert "The bot has every right removal needs." in page
    page = admin.post(reverse("wikisafety_wikis:rights", args=[partial.uid])).content.decode()
    assert "lacks the right “suppressrevision”" in page
    assert "<code>deleterevision</code>" in page
    Wiki.objects.filter(pk=partial.pk).update(bot_username="Nobody@nothing")
    page = admin.post(reverse("wikisafety_wikis:rights", args=[partial.uid])).content.decode()
    assert "refused the bot&#x27;s user name or password" in page
    dead = _wiki(wiki_admin, name="Dead", api_url="http://127.0.0.1:9/api.php")
    page = admin.post(reverse("wikisafety_wikis:rights", args=[dead.uid])).content.decode()
    assert "The wiki did not answer." in page
