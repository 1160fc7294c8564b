"""A wiki that does not answer or answers garbage: the client raises one typed error, the watcher
stores nothing, keeps its position, backs off and says why. No network: a fake wiki on loopback
and a stub transport."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.mediawiki.client import (
    ChangesPage,
    MissingRight,
    WikiClient,
    WikiError,
    WikiGarbage,
    WikiLoginFailed,
    WikiUnavailable,
    api_parts,
)
from rightsdesk.wikisafety.mediawiki.keys import open_bot_password
from rightsdesk.wikisafety.mediawiki.services import wiki_register
from rightsdesk.wikisafety.mediawiki.watcher import describe_error, watch_round
from rightsdesk.wikisafety.models import WatcherStatus, WatchPosition, Wiki
from tests.factories import staff_account


class FakeWiki:
    """What the fake answers: a status and a body (bytes), or a function of the request."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes | None = b"not json at all"
        self.answer: Any = None
        self.requests: list[str] = []


@pytest.fixture
def fake() -> Iterator[tuple[str, FakeWiki]]:
    state = FakeWiki()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, query: str) -> None:
            state.requests.append(query)
            body = state.body
            if state.answer is not None:
                body = json.dumps(state.answer(query)).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b"")

        def do_GET(self) -> None:
            self._reply(self.path)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            self._reply(self.rfile.read(length).decode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php", state
    finally:
        server.shutdown()
        server.server_close()


def _client(url: str) -> WikiClient:
    return WikiClient(url, timeout=2, retries=0, retry_wait=0)


def test_an_answer_that_is_not_json_is_garbage(fake: tuple[str, FakeWiki]) -> None:
    url, _state = fake
    with pytest.raises(WikiGarbage):
        _client(url).recent_changes()


@pytest.mark.parametrize(
    "answer",
    [
        [],
        "text",
        {"query": {}},
        {"query": {"recentchanges": "nope"}},
        {"query": {"recentchanges": [{"rcid": "1", "revid": 2, "title": "T"}]}},
        {"query": {"recentchanges": [{"rcid": 1, "revid": 2, "title": "T", "timestamp": "x"}]}},
        {"query": {"recentchanges": [7]}},
    ],
)
def test_json_not_shaped_like_the_api_is_garbage(
    fake: tuple[str, FakeWiki], answer: object
) -> None:
    url, state = fake
    state.answer = lambda _query: answer
    with pytest.raises(WikiGarbage):
        _client(url).recent_changes()


def test_a_server_error_or_no_server_is_unavailable(fake: tuple[str, FakeWiki]) -> None:
    url, state = fake
    state.status = 503
    with pytest.raises(WikiUnavailable):
        _client(url).recent_changes()
    with pytest.raises(WikiUnavailable):
        _client("http://127.0.0.1:9/w/api.php").recent_changes()


def test_a_refused_login_is_its_own_error(fake: tuple[str, FakeWiki]) -> None:
    url, state = fake

    def answer(query: str) -> object:
        if "meta=tokens" in query or ("tokens" in query and "login" in query):
            return {"query": {"tokens": {"logintoken": "t+\\"}}}
        return {"login": {"result": "Failed", "reason": "Incorrect username or password"}}

    state.answer = answer
    with pytest.raises(WikiLoginFailed):
        _client(url).login("Bot@app", "wrong")


def test_removal_without_suppressrevision_is_refused_before_any_write(
    fake: tuple[str, FakeWiki],
) -> None:
    url, state = fake
    state.answer = lambda _query: {
        "query": {"userinfo": {"id": 5, "name": "Bot", "rights": ["read", "deleterevision"]}}
    }
    with pytest.raises(MissingRight) as missing:
        _client(url).revision_delete(
            title="T", revids=[1], hide=["content"], suppress=True, reason="r"
        )
    assert missing.value.right == "suppressrevision"
    assert not any("revisiondelete" in q for q in state.requests)


def test_an_address_that_is_not_an_action_api_is_refused() -> None:
    for bad in ["ftp://x/api.php", "https://x/index.php", "https:///api.php", "x", ""]:
        with pytest.raises(ValueError, match="address"):
            api_parts(bad)
    assert api_parts("https://fr.wikipedia.org/w/api.php") == (
        "https",
        "fr.wikipedia.org",
        "/w/",
    )


# -- the watcher on a wiki that answers garbage ----------------------------------------------


@pytest.fixture
def broken_wiki(fake: tuple[str, FakeWiki], db: None, settings: Any) -> tuple[Wiki, FakeWiki]:
    settings.RIGHTSDESK_WIKISAFETY_HTTP = {"timeout": 2, "retries": 0, "retry_wait": 0}
    url, state = fake
    admin = staff_account(role=User.Role.ADMIN).user
    wiki = wiki_register(
        actor=admin,
        name="broken",
        api_url=url,
        namespaces=[0],
        language="fr",
        bot_username="Bot@rightsdesk",
        bot_password="bot-password-planted",
        now=timezone.now(),
    )
    return wiki, state


def test_the_watcher_backs_off_keeps_its_position_and_says_why(
    broken_wiki: tuple[Wiki, FakeWiki],
) -> None:
    wiki, state = broken_wiki
    before = WatchPosition.objects.get(wiki=wiki)
    now = timezone.now()

    first = watch_round(wiki, now)

    assert first.error == "garbage"
    status = WatcherStatus.objects.get(wiki=wiki)
    assert status.failures == 1
    assert status.backoff_until == now + timedelta(seconds=30)
    assert status.last_error == "garbage"
    assert describe_error(status.last_error) != describe_error("unavailable")
    after = WatchPosition.objects.get(wiki=wiki)
    assert (after.last_timestamp, after.last_rcid, after.continue_token) == (
        before.last_timestamp,
        before.last_rcid,
        before.continue_token,
    )
    # Within the backoff: not even asked.
    asked = len(state.requests)
    assert watch_round(wiki, now + timedelta(seconds=10)).error == "backoff"
    assert len(state.requests) == asked
    # After it: tried again, failed again, waits twice as long.
    state.status = 502
    second = watch_round(wiki, now + timedelta(seconds=31))
    assert second.error == "unavailable"
    status.refresh_from_db()
    assert status.failures == 2
    assert status.backoff_until == now + timedelta(seconds=31 + 60)


def test_the_bot_password_is_sealed_and_bound_to_its_wiki(
    broken_wiki: tuple[Wiki, FakeWiki],
) -> None:
    wiki, _state = broken_wiki
    stored = bytes(Wiki.objects.get(pk=wiki.pk).bot_password)
    assert b"bot-password-planted" not in stored
    assert open_bot_password(stored, wiki_uid=wiki.uid) == "bot-password-planted"
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure to open will do
        open_bot_password(stored, wiki_uid="another-wiki")


def test_registering_is_for_admins_only(db: None) -> None:
    from rightsdesk.accounts.policy import AdminOnly  # noqa: PLC0415

    with pytest.raises(AdminOnly):
        wiki_register(
            actor=staff_account().user,
            name="w",
            api_url="https://w.example/w/api.php",
            namespaces=[0],
            language="en",
            bot_username="b",
            bot_password="p",
            now=timezone.now(),
        )
    assert not Wiki.objects.exists()


# -- any JSON at all: a typed answer or a typed error, never anything else --------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "query",
                    "recentchanges",
                    "rcid",
                    "revid",
                    "title",
                    "timestamp",
                    "continue",
                    "rccontinue",
                    "pages",
                    "revisions",
                    "slots",
                    "main",
                    "content",
                    "badrevids",
                    "parentid",
                    "error",
                    "code",
                    "info",
                    "userinfo",
                    "rights",
                    "lastrevid",
                    "missing",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=_json)
def test_any_json_answer_gives_a_typed_result_or_a_wiki_error(answer: object) -> None:
    client = WikiClient("http://127.0.0.1:9/w/api.php", retries=0, retry_wait=0)
    text = json.dumps(answer)
    client.site.raw_call = lambda *args, **kwargs: text
    with contextlib.suppress(WikiError):
        assert isinstance(client.recent_changes(), ChangesPage)
    with contextlib.suppress(WikiError):
        assert isinstance(client.revision_texts([1, 2]), dict)
    with contextlib.suppress(WikiError):
        assert isinstance(client.rights(), frozenset)
    with contextlib.suppress(WikiError):
        assert isinstance(client.latest_revision("T"), int)
