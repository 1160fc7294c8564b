"""A MediaWiki Action API client for the watcher and for removal, on `mwclient`.

What this adds to mwclient: answers as typed values (changes, revision texts), the one refusal
that names a missing right, and one typed error per way a wiki can fail, so that the watcher can
back off and say why instead of crashing:

- `WikiUnavailable`: no answer, a timeout, a refused connection, HTTP 5xx after mwclient's
  retries, or an HTTP error status;
- `WikiGarbage`: an answer that is not JSON, or JSON not shaped like the Action API's;
- `WikiLoginFailed`: the bot's name or password is refused;
- `WikiApiError`: the API answered with an error code (kept in `api_code`);
- `MissingRight`: the bot lacks a right the step needs (`right`), checked before trying.

No Django here: the caller passes the address and the opened password, and decides what to do.
Every call is made with `formatversion=2`. Nothing the wiki answers is logged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import mwclient
import mwclient.errors
import requests

from rightsdesk.wikisafety.mediawiki.answers import (
    Change,
    ChangesPage,
    MissingRight,
    RevisionText,
    WikiApiError,
    WikiError,
    WikiGarbage,
    WikiLoginFailed,
    WikiUnavailable,
    api_parts,
    api_timestamp,
    as_int,
    parse_timestamp,
    sha1_from_base36,
)

__all__ = [
    "Change",
    "ChangesPage",
    "MissingRight",
    "RevisionText",
    "WikiApiError",
    "WikiClient",
    "WikiError",
    "WikiGarbage",
    "WikiLoginFailed",
    "WikiUnavailable",
    "api_parts",
    "parse_timestamp",
]

USER_AGENT = "rightsdesk-wikisafety/1 (trust and safety watcher)"
# The Action API gives at most 50 revisions' content per request (500 ids without content).
TEXT_BATCH = 50


def _listed(node: object, key: str) -> list[Any]:
    """`node[key]` if it is a list, [] if absent; WikiGarbage for anything else."""
    if not isinstance(node, Mapping):
        raise WikiGarbage(f"expected an object holding {key}")
    value = node.get(key, [])
    if not isinstance(value, list):
        raise WikiGarbage(f"{key} is not a list")
    return value


def _mapped(node: object, key: str) -> Mapping[str, Any]:
    """`node[key]` if it is an object, {} if absent; WikiGarbage for anything else."""
    if not isinstance(node, Mapping):
        raise WikiGarbage(f"expected an object holding {key}")
    value = node.get(key, {})
    if not isinstance(value, Mapping):
        raise WikiGarbage(f"{key} is not an object")
    return value


class WikiClient:
    """One wiki, one account. `retries` and `retry_wait` (seconds, growing with each retry) are
    mwclient's, for network errors and 5xx answers within one call; backing off between rounds
    is the watcher's."""

    def __init__(
        self,
        api_url: str,
        *,
        timeout: float = 15,
        retries: int = 2,
        retry_wait: float = 1,
    ) -> None:
        scheme, host, path = api_parts(api_url)
        self.api_url = api_url
        try:
            self.site = mwclient.Site(
                host,
                path=path,
                scheme=scheme,
                do_init=False,
                force_login=False,
                max_retries=retries,
                retry_timeout=retry_wait,
                clients_useragent=USER_AGENT,
                connection_options={"timeout": timeout},
                compress=True,
                max_lag=5,
            )
        except Exception as error:  # mwclient builds a session only; anything here is a bug
            raise WikiError("the client could not be set up") from error
        self._rights: frozenset[str] | None = None

    # -- transport -------------------------------------------------------------------------

    def query(self, **params: Any) -> dict[str, Any]:
        """One `action=query` (GET, formatversion 2) for the lookups (`lookups.py`): the answer,
        or one of the typed errors."""
        return self._call("query", **params)

    def _call(self, action: str, method: str = "GET", **params: Any) -> dict[str, Any]:
        params.setdefault("formatversion", 2)
        try:
            answer = self.site.api(action, method, **params)
        except mwclient.errors.APIError as error:
            raise WikiApiError(str(error.code or "unknown")) from error
        except mwclient.errors.InvalidResponse as error:
            raise WikiGarbage("the wiki's answer is not JSON") from error
        except mwclient.errors.APIDisabledError as error:
            raise WikiUnavailable("the wiki's API is disabled") from error
        except (mwclient.errors.MaximumRetriesExceeded, requests.RequestException) as error:
            raise WikiUnavailable("the wiki did not answer") from error
        except (TypeError, AttributeError, KeyError, ValueError) as error:
            # mwclient reads the answer as a dict: a JSON list or string lands here.
            raise WikiGarbage("the wiki's answer is not shaped like the Action API's") from error
        if not isinstance(answer, dict):
            raise WikiGarbage("the wiki's answer is not shaped like the Action API's")
        return answer

    @staticmethod
    def _dig(answer: Mapping[str, Any], *keys: str) -> Any:
        node: Any = answer
        for key in keys:
            if not isinstance(node, Mapping) or key not in node:
                raise WikiGarbage(f"the answer has no {'.'.join(keys)}")
            node = node[key]
        return node

    # -- account ---------------------------------------------------------------------------

    def login(self, username: str, password: str) -> None:
        """Sign in (a bot password "User@app" or the account's own); WikiLoginFailed if the wiki
        says no."""
        try:
            self.site.login(username, password)
        except mwclient.errors.LoginError as error:
            raise WikiLoginFailed("the wiki refused the bot's name or password") from error
        except mwclient.errors.APIError as error:
            raise WikiApiError(str(error.code or "unknown")) from error
        except mwclient.errors.InvalidResponse as error:
            raise WikiGarbage("the wiki's answer is not JSON") from error
        except (mwclient.errors.MaximumRetriesExceeded, requests.RequestException) as error:
            raise WikiUnavailable("the wiki did not answer") from error
        except (TypeError, AttributeError, KeyError, ValueError) as error:
            raise WikiGarbage("the wiki's login answer is not shaped like the API's") from error
        self._rights = None

    def rights(self) -> frozenset[str]:
        """The rights the signed-in account holds now (for a bot password: those granted)."""
        if self._rights is None:
            answer = self._call("query", meta="userinfo", uiprop="rights")
            rights = self._dig(answer, "query", "userinfo", "rights")
            if not isinstance(rights, list) or not all(isinstance(r, str) for r in rights):
                raise WikiGarbage("the rights are not a list of names")
            self._rights = frozenset(rights)
        return self._rights

    def require(self, *needed: str) -> None:
        """Raise MissingRight naming the first right of `needed` the account lacks."""
        held = self.rights()
        for right in needed:
            if right not in held:
                raise MissingRight(right)

    # -- reading ---------------------------------------------------------------------------

    def recent_changes(
        self,
        *,
        start: datetime | None = None,
        continue_token: str = "",
        namespaces: Sequence[int] = (),
        limit: int = 100,
    ) -> ChangesPage:
        """Edits, page creations and uploads, oldest first, from `start` (inclusive) or from
        where `continue_token` (the wiki's rccontinue) says. Other log entries are read (they
        move the position) and dropped; an upload comes as the file page's revision with the
        file's SHA-1 (`Change.file_sha1`)."""
        params: dict[str, Any] = {
            "list": "recentchanges",
            "rcdir": "newer",
            "rctype": "edit|new|log",
            "rcprop": "ids|title|timestamp|user|loginfo",
            "rclimit": limit,
        }
        if namespaces:
            params["rcnamespace"] = "|".join(str(int(n)) for n in namespaces)
        if continue_token:
            params["rccontinue"] = continue_token
        elif start is not None:
            params["rcstart"] = api_timestamp(start)
        answer = self._call("query", **params)
        rows = self._dig(answer, "query", "recentchanges")
        if not isinstance(rows, list):
            raise WikiGarbage("recent changes are not a list")
        changes = [
            self._change(row)
            for row in rows
            if not (isinstance(row, Mapping) and row.get("type") == "log")
            or row.get("logtype") == "upload"
        ]
        token = _mapped(answer, "continue").get("rccontinue", "")
        if not isinstance(token, str):
            raise WikiGarbage("the continuation is not text")
        return ChangesPage(changes=changes, continue_token=token)

    @staticmethod
    def _change(row: object) -> Change:
        if not isinstance(row, Mapping):
            raise WikiGarbage("a recent change is not an object")
        title = row.get("title")
        if not isinstance(title, str):
            raise WikiGarbage("a recent change has no title")
        user = row.get("user", "")  # absent when the user name is hidden
        params = row.get("logparams")
        sha1 = sha1_from_base36(params.get("img_sha1")) if isinstance(params, Mapping) else ""
        return Change(
            rcid=as_int(row.get("rcid"), "rcid"),
            revid=as_int(row.get("revid"), "revid"),
            parent_revid=as_int(row.get("old_revid", 0), "old_revid"),
            title=title,
            namespace=as_int(row.get("ns", 0), "ns"),
            user=user if isinstance(user, str) else "",
            timestamp=parse_timestamp(row.get("timestamp")),
            kind=str(row.get("type", "")),
            file_sha1=sha1,
        )

    def revision_texts(self, revids: Iterable[int]) -> dict[int, RevisionText]:
        """The main-slot text of each revision, as far as the account may read it, in batches of
        50 (the API's limit for content). A revision the wiki does not know comes back
        `missing`."""
        wanted = sorted({int(r) for r in revids if int(r) > 0})
        found: dict[int, RevisionText] = {}
        for at in range(0, len(wanted), TEXT_BATCH):
            batch = wanted[at : at + TEXT_BATCH]
            answer = self._call(
                "query",
                prop="revisions",
                revids="|".join(str(r) for r in batch),
                rvprop="ids|content|flags",
                rvslots="main",
            )
            query = self._dig(answer, "query")
            for page in _listed(query, "pages"):
                for revision in _listed(page, "revisions"):
                    text = self._revision_text(revision)
                    found[text.revid] = text
            bad_ids = _mapped(query, "badrevids")
            for bad in bad_ids.values():
                revid = as_int(bad.get("revid") if isinstance(bad, Mapping) else None, "badrevid")
                found[revid] = RevisionText(revid, 0, None, False, False, missing=True)
        for revid in wanted:
            found.setdefault(revid, RevisionText(revid, 0, None, False, False, missing=True))
        return found

    @staticmethod
    def _revision_text(revision: object) -> RevisionText:
        if not isinstance(revision, Mapping):
            raise WikiGarbage("a revision is not an object")
        main = _mapped(_mapped(revision, "slots"), "main")
        texthidden = bool(main.get("texthidden") or revision.get("texthidden"))
        content = main.get("content")
        if content is not None and not isinstance(content, str):
            raise WikiGarbage("a revision's content is not text")
        return RevisionText(
            revid=as_int(revision.get("revid"), "revid"),
            parent_revid=as_int(revision.get("parentid", 0), "parentid"),
            text=content,
            texthidden=texthidden,
            suppressed=bool(revision.get("suppressed")),
        )

    # -- removal ---------------------------------------------------------------------------

    def revision_delete(
        self,
        *,
        title: str,
        revids: Sequence[int],
        hide: Iterable[str] = (),
        show: Iterable[str] = (),
        suppress: bool | None,
        reason: str,
    ) -> None:
        """Hide (or show again) parts of revisions of one page: `hide`/`show` among "content",
        "comment", "user"; `suppress` True hides them from administrators too, False lifts
        that, None leaves it. Checks the rights first and raises MissingRight naming the one
        missing ("deleterevision", and "suppressrevision" whenever `suppress` is not None);
        WikiApiError if the wiki refuses any of the revisions."""
        hide, show = sorted(set(hide)), sorted(set(show))
        allowed = {"content", "comment", "user"}
        if not revids or not (hide or show) or not set(hide + show) <= allowed:
            raise ValueError("say which revisions and which of content, comment, user")
        self.require("deleterevision")
        if suppress is not None:
            self.require("suppressrevision")
        token = self._call("query", meta="tokens", type="csrf")
        csrf = self._dig(token, "query", "tokens", "csrftoken")
        if not isinstance(csrf, str):
            raise WikiGarbage("the wiki gave no edit token")
        params: dict[str, Any] = {
            "type": "revision",
            "target": title,
            "ids": "|".join(str(int(r)) for r in revids),
            "reason": reason,
            "suppress": {True: "yes", False: "no", None: "nochange"}[suppress],
            "token": csrf,
        }
        if hide:
            params["hide"] = "|".join(hide)
        if show:
            params["show"] = "|".join(show)
        answer = self._call("revisiondelete", "POST", **params)
        result = self._dig(answer, "revisiondelete")
        if not isinstance(result, Mapping):
            raise WikiGarbage("the revision deletion answer is not an object")
        items = _listed(result, "items")
        codes = sorted(
            {
                str(error.get("code", "unknown")) if isinstance(error, Mapping) else "unknown"
                for item in items
                for error in (item.get("errors") or [] if isinstance(item, Mapping) else [None])
            }
        )
        if result.get("status") != "Success" or codes:
            raise WikiApiError(",".join(codes) or "revisiondelete-failed")

    # -- editing ---------------------------------------------------------------------------

    def latest_revision(self, title: str) -> int:
        """The page's current revision id (0 if the page does not exist)."""
        answer = self._call("query", prop="info", titles=title)
        pages = self._dig(answer, "query", "pages")
        if not isinstance(pages, list) or not pages or not isinstance(pages[0], Mapping):
            raise WikiGarbage("the page information is not a list of pages")
        if pages[0].get("missing"):
            return 0
        return as_int(pages[0].get("lastrevid"), "lastrevid")

    def edit(self, *, title: str, text: str, summary: str, baserevid: int = 0) -> int:
        """Save `text` as the page's new revision; its revision id. With `baserevid`, the wiki
        refuses (WikiApiError "editconflict") if someone edited since."""
        token = self._call("query", meta="tokens", type="csrf")
        csrf = self._dig(token, "query", "tokens", "csrftoken")
        params: dict[str, Any] = {
            "title": title,
            "text": text,
            "summary": summary,
            "token": csrf,
        }
        if baserevid:
            params["baserevid"] = baserevid
        if "bot" in self.rights():
            params["bot"] = 1
        answer = self._call("edit", "POST", **params)
        result = self._dig(answer, "edit")
        if not isinstance(result, Mapping) or result.get("result") != "Success":
            raise WikiApiError("edit-failed")
        if result.get("nochange"):
            return self.latest_revision(title)
        return as_int(result.get("newrevid"), "newrevid")
