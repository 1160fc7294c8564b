"""Online mode: sitelinks and page lengths from the Wikidata and MediaWiki APIs, for small sets.

For organisers with a topic list of tens or hundreds of items and no dump. Polite by
construction: a descriptive User-Agent (Wikimedia's policy), 50 ids or titles per request (the
API's limit for normal users), `maxlag=5` so the servers can shed us first, retries with
exponential backoff honouring Retry-After, and an on-disk cache so a rerun asks again only for
what is older than the cache's lifetime. The HTTP call is injected (`Fetcher`): tests pass
recorded responses, and no test touches the network.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = "rightsdesk-gaps/0.1 (human-rights content-gap observatory; {contact})"
BATCH = 50
MAX_TRIES = 5
CACHE_SECONDS = 7 * 24 * 3600


class FetchError(Exception):
    """An HTTP request failed; `status` is the HTTP status, 0 for a network failure."""

    def __init__(self, message: str, *, status: int = 0, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


# (url, headers) -> response body. Raises FetchError.
Fetcher = Callable[[str, dict[str, str]], bytes]


def urllib_fetcher(url: str, headers: dict[str, str]) -> bytes:
    """The real fetcher (never used by the tests)."""
    if not url.startswith("https://"):
        raise FetchError(f"refusing a non-HTTPS URL: {url}")
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - https only, checked above
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - idem
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        retry = exc.headers.get("Retry-After") if exc.headers else None
        raise FetchError(
            f"HTTP {exc.code} from {url}",
            status=exc.code,
            retry_after=float(retry) if retry and retry.isdigit() else None,
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"network error for {url}: {exc}") from exc


@dataclass
class OnlineClient:
    """Calls the APIs politely. `sleep` is injectable so that tests do not wait for backoff."""

    fetch: Fetcher
    contact: str
    cache_dir: Path | None = None
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], float] = time.time
    requests_made: int = 0

    def get_json(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        query = urllib.parse.urlencode(sorted({**params, "format": "json", "maxlag": "5"}.items()))
        full = f"{url}?{query}"
        cached = self._cache_read(full)
        if cached is not None:
            return cached
        headers = {"User-Agent": USER_AGENT.format(contact=self.contact)}
        delay = 1.0
        for attempt in range(1, MAX_TRIES + 1):
            try:
                self.requests_made += 1
                body = self.fetch(full, headers)
                data = json.loads(body)
                if not isinstance(data, dict):
                    raise FetchError(f"unexpected answer from {url}")
                if data.get("error", {}).get("code") == "maxlag":
                    raise FetchError("servers lagged (maxlag)", status=503, retry_after=5.0)
                if "error" in data:
                    raise FetchError(f"API error from {url}: {data['error'].get('info', '')}")
                self._cache_write(full, data)
                return data
            except FetchError as exc:
                retryable = exc.status in (0, 429, 500, 502, 503, 504)
                if not retryable or attempt == MAX_TRIES:
                    raise
                self.sleep(exc.retry_after if exc.retry_after is not None else delay)
                delay *= 2
            except ValueError as exc:
                raise FetchError(f"answer from {url} is not JSON") from exc
        raise FetchError(f"gave up on {url}")  # pragma: no cover - the loop returns or raises

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest() + ".json")

    def _cache_read(self, url: str) -> dict[str, Any] | None:
        path = self._cache_file(url)
        if path is None or not path.is_file():
            return None
        if self.now() - path.stat().st_mtime > CACHE_SECONDS:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def _cache_write(self, url: str, data: dict[str, Any]) -> None:
        path = self._cache_file(url)
        if path is not None:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.write_text(json.dumps(data), encoding="utf-8")


def batches(items: Sequence[str], size: int = BATCH) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def fetch_sitelinks(client: OnlineClient, qids: Sequence[str]) -> dict[str, dict[str, str]]:
    """qid -> {site: title}, via wbgetentities (props=sitelinks), 50 items a request."""
    found: dict[str, dict[str, str]] = {}
    for batch in batches(qids):
        data = client.get_json(
            WIKIDATA_API,
            {"action": "wbgetentities", "ids": "|".join(batch), "props": "sitelinks"},
        )
        for qid, entity in (data.get("entities") or {}).items():
            if "missing" in entity:
                continue
            links = entity.get("sitelinks") or {}
            found[qid] = {site: link["title"] for site, link in links.items() if "title" in link}
    return found


def fetch_lengths(
    client: OnlineClient, api: str, titles: Sequence[str]
) -> dict[str, tuple[int, bool]]:
    """title -> (page length in bytes, is redirect), via prop=info, 50 titles a request.

    Titles come back normalised (first letter upper-cased, underscores as spaces); the answer's
    `normalized` list maps them back to what we asked for.
    """
    found: dict[str, tuple[int, bool]] = {}
    for batch in batches(titles):
        data = client.get_json(api, {"action": "query", "prop": "info", "titles": "|".join(batch)})
        query = data.get("query") or {}
        back = {n["to"]: n["from"] for n in query.get("normalized") or []}
        for page in (query.get("pages") or {}).values():
            if "missing" in page or "length" not in page:
                continue
            title = back.get(page["title"], page["title"])
            found[title] = (int(page["length"]), "redirect" in page)
    return found


def api_for(subdomain: str) -> str:
    return f"https://{subdomain}.wikipedia.org/w/api.php"
