"""What a wiki answers, as typed values, and the one error type per way a wiki can fail (the
client, `client.py`, raises these; the watcher and the removal services catch them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit


class WikiError(Exception):
    """Something went wrong talking to a wiki; `code` is one of a closed set (for the status
    page), the message is ours and never repeats the wiki's answer."""

    code = "error"


class WikiUnavailable(WikiError):
    code = "unavailable"


class WikiGarbage(WikiError):
    code = "garbage"


class WikiLoginFailed(WikiError):
    code = "login_failed"


class WikiApiError(WikiError):
    code = "api_error"

    def __init__(self, api_code: str, message: str = "") -> None:
        self.api_code = api_code
        detail = f" ({message})" if message else ""
        super().__init__(f"the wiki's API refused: {api_code}{detail}")


class MissingRight(WikiError):
    """The bot account lacks `right` on the wiki (or its bot password was not granted it)."""

    code = "missing_right"

    def __init__(self, right: str) -> None:
        self.right = right
        super().__init__(f"the bot lacks the right {right!r}")


@dataclass(frozen=True)
class Change:
    """One entry of recent changes: an edit or a page creation."""

    rcid: int
    revid: int
    parent_revid: int
    title: str
    namespace: int
    user: str
    timestamp: datetime
    kind: str
    # An upload's file SHA-1 (40 hex digits) from the upload log's entry; "" otherwise.
    file_sha1: str = ""


@dataclass(frozen=True)
class ChangesPage:
    """One request's worth of recent changes, oldest first, and the wiki's continuation
    ("" when there is nothing more after them)."""

    changes: list[Change]
    continue_token: str


@dataclass(frozen=True)
class RevisionText:
    """A revision's main-slot text as the signed-in account may see it: `text` is None when it
    is hidden from that account or missing. `texthidden`/`suppressed` are the wiki's flags."""

    revid: int
    parent_revid: int
    text: str | None
    texthidden: bool
    suppressed: bool
    missing: bool = False


def api_parts(api_url: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path up to api.php) of an Action API address; ValueError if it is
    not one (http or https, ending in api.php)."""
    parts = urlsplit(api_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError("not an http(s) address")
    if not parts.path.endswith("/api.php") or parts.query or parts.fragment:
        raise ValueError("not an Action API address ending in /api.php")
    return parts.scheme, parts.netloc, parts.path[: -len("api.php")]


def parse_timestamp(value: object) -> datetime:
    """An API timestamp (ISO 8601, "Z") as an aware datetime; WikiGarbage otherwise."""
    if not isinstance(value, str):
        raise WikiGarbage("a timestamp is missing")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise WikiGarbage("a timestamp is malformed") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def sha1_from_base36(value: object) -> str:
    """MediaWiki's upload log gives a file's SHA-1 in base 36 (img_sha1): as 40 hex digits, ""
    when it is not one."""
    if not isinstance(value, str) or not value or len(value) > 31 or not value.isalnum():
        return ""
    try:
        number = int(value, 36)
    except ValueError:
        return ""
    return f"{number:040x}" if number < 1 << 160 else ""


def api_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WikiGarbage(f"{what} is not a number")
    return value
