"""Online mode with recorded answers and an injected fetcher: no network, no real waiting."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsdesk.gaps import services
from rightsdesk.gaps.metrics import queries
from rightsdesk.gaps.online import FetchError, OnlineClient, fetch_sitelinks
from rightsdesk.gaps.store import connect_published
from rightsdesk.gaps.topics.build import Topic

from .conftest import FIXTURES

ANSWERS = FIXTURES / "online"


class Recorded:
    """Answers by URL; `fail_first` answers an HTTP 503 first to exercise the backoff."""

    def __init__(self, fail_first: int = 0) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.fail_first = fail_first

    def __call__(self, url: str, headers: dict[str, str]) -> bytes:
        self.calls.append((url, headers))
        if self.fail_first:
            self.fail_first -= 1
            raise FetchError("HTTP 503", status=503)
        if "wbgetentities" in url:
            return (ANSWERS / "wbgetentities.json").read_bytes()
        if url.startswith("https://en.wikipedia.org/"):
            return (ANSWERS / "info-en.json").read_bytes()
        if url.startswith("https://my.wikipedia.org/"):
            return (ANSWERS / "info-my.json").read_bytes()
        raise AssertionError(f"unexpected request {url}")


def test_online_scan_from_recorded_answers(data_dir: Path) -> None:
    fetch = Recorded()
    client = OnlineClient(fetch=fetch, contact="tester@example.org", sleep=lambda s: None)
    topics = [Topic("Q1001", "concept", label="Alpha"), Topic("Q1002", "concept", label="Beta")]
    services.scan(topics=topics, online=client)
    con = connect_published()
    assert con is not None
    my = queries.wiki_row(con, "mywiki")
    en = queries.topic_languages(con, "Q1002")
    con.close()
    assert my is not None
    assert my["present"] == 1
    assert {r["wiki"]: r["page_len"] for r in en if r["present"]} == {"enwiki": 5000}
    assert all("tester@example.org" in h["User-Agent"] for _, h in fetch.calls)
    assert all("maxlag=5" in url for url, _ in fetch.calls)


def test_retries_with_exponential_backoff_then_succeeds() -> None:
    waits: list[float] = []
    client = OnlineClient(fetch=Recorded(fail_first=3), contact="t", sleep=waits.append)
    assert set(fetch_sitelinks(client, ["Q1001", "Q1002"])) == {"Q1001", "Q1002"}
    assert waits == [1.0, 2.0, 4.0]


def test_gives_up_after_five_tries() -> None:
    client = OnlineClient(fetch=Recorded(fail_first=9), contact="t", sleep=lambda s: None)
    with pytest.raises(FetchError, match="503"):
        fetch_sitelinks(client, ["Q1001"])
    assert client.requests_made == 5


def test_batches_of_fifty_and_cache(tmp_path: Path) -> None:
    fetch = Recorded()
    client = OnlineClient(fetch=fetch, contact="t", cache_dir=tmp_path, sleep=lambda s: None)
    qids = [f"Q{n}" for n in range(1, 121)]
    fetch_sitelinks(client, qids)
    assert len(fetch.calls) == 3  # 50 + 50 + 20
    fetch_sitelinks(client, qids)
    assert len(fetch.calls) == 3  # answered from the cache


def test_maxlag_answer_is_retried() -> None:
    answers = [
        (ANSWERS / "maxlag.json").read_bytes(),
        (ANSWERS / "wbgetentities.json").read_bytes(),
    ]
    waits: list[float] = []
    client = OnlineClient(fetch=lambda u, h: answers.pop(0), contact="t", sleep=waits.append)
    assert "Q1001" in fetch_sitelinks(client, ["Q1001"])
    assert waits == [5.0]
