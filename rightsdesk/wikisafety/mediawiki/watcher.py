"""The watcher: one round per wiki reads recent changes from the stored position, fetches each new
revision's text and its parent's, and hands each pair to detection.

Why nothing is missed or repeated across restarts: everything a round learns over the network is
fetched first, outside any transaction; then one transaction stores a `SeenRevision` per new
revision, runs the handlers (settings.RIGHTSDESK_WIKISAFETY_ON_REVISION, so detection's findings
commit with them) and moves the `WatchPosition`. A crash before the commit leaves the position
where it was, and the next round reads the same edits again; a revision already stored is never
handed over twice (unique (wiki, revid), checked again inside the transaction). Each round reads
from a little before the stored time (`overlap_seconds`), because a wiki may record an edit's
change a moment after a later one's.

A wiki that does not answer, answers garbage or refuses the bot: the round stores nothing, the
position stays, and `WatcherStatus` records the error code and a backoff that doubles per failure
up to `backoff_max_seconds`; the staff page shows it (`describe_error`).

The deadline clock (settings.RIGHTSDESK_CLOCKS, `rightsdesk cases watch`) calls `wikis_watch`,
which queues `watch_wiki` on the background worker (`rightsdesk db_worker`) for each wiki due.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from rightsdesk.core.db import write_transaction
from rightsdesk.wikisafety.mediawiki.client import Change, RevisionText, WikiClient, WikiError
from rightsdesk.wikisafety.mediawiki.lookups import Editor, editors, file_sha1s
from rightsdesk.wikisafety.mediawiki.selectors import bot_client, watched_wikis
from rightsdesk.wikisafety.models import SeenRevision, WatcherStatus, WatchPosition, Wiki

log = logging.getLogger(__name__)

HANDLER_FAILED = "handler_failed"
USER_NAMESPACES = (2, 3)
FILE_NAMESPACE = 6


@dataclass(frozen=True)
class RevisionSeen:
    """What detection gets for one new revision: the stored row (inside the round's
    transaction), the text before and after as the bot reads them (None when hidden or gone;
    "" before a page's first revision) and the wiki's language for the recognisers. For an edit
    of a user or user talk page, what the wiki says of its editor (`editor`, the targeting
    rule); for an upload, the file's SHA-1 (`file_sha1`, the photo check)."""

    wiki: Wiki
    revision: SeenRevision
    old_text: str | None
    new_text: str | None
    editor: Editor | None = None
    file_sha1: str = ""


Handler = Callable[[RevisionSeen], None]


@dataclass(frozen=True)
class RoundResult:
    """What one round did: revisions handed over, changes read, whether more remain, seconds,
    and the error code ("" when it went well; "backoff" when it did not run)."""

    handed: int
    read: int
    more: bool
    seconds: float
    error: str = ""


def handlers() -> list[Handler]:
    return [import_string(path) for path in settings.RIGHTSDESK_WIKISAFETY_ON_REVISION]


def describe_error(code: str) -> str:
    """The status page's words for an error code a round recorded."""
    return {
        "unavailable": _("The wiki did not answer."),
        "garbage": _("The wiki answered something that is not its API's answer."),
        "login_failed": _("The wiki refused the bot's user name or password."),
        "api_error": _("The wiki's API refused the request."),
        "missing_right": _("The bot account lacks a right it needs."),
        HANDLER_FAILED: _("Checking the new edits failed; they will be read again."),
    }.get(code, _("The round failed."))


def watch_round(
    wiki: Wiki,
    now: datetime,
    *,
    on_revision: Sequence[Handler] | None = None,
    client: WikiClient | None = None,
    ignore_backoff: bool = False,
) -> RoundResult:
    """One round on `wiki` at `now`. `on_revision` replaces the configured handlers (tests,
    detection's own checks); `client` replaces the bot's signed-in client. Call outside any
    transaction: the network is read before the one write transaction."""
    started = time.monotonic()
    status, _created = WatcherStatus.objects.get_or_create(wiki=wiki)
    if status.backoff_until and status.backoff_until > now and not ignore_backoff:
        return RoundResult(0, 0, False, 0.0, error="backoff")
    position, _created = WatchPosition.objects.get_or_create(wiki=wiki)
    limits = settings.RIGHTSDESK_WIKISAFETY_ROUND
    try:
        client = client or bot_client(wiki)
        changes, token = _read_changes(client, wiki, position, limits)
        fresh = _unseen(wiki, changes)
        texts = client.revision_texts(
            [c.revid for c in fresh] + [c.parent_revid for c in fresh if c.parent_revid]
        )
        people, hashes = _extras(client, fresh)
    except WikiError as error:
        _failed(wiki, now, error.code)
        return RoundResult(0, 0, False, time.monotonic() - started, error=error.code)
    try:
        handed = _store(
            wiki,
            now,
            changes=changes,
            fresh=fresh,
            texts=texts,
            token=token,
            on_revision=on_revision,
            people=people,
            hashes=hashes,
        )
    except Exception:
        log.exception("wiki %s: a revision handler failed; the round is rolled back", wiki.pk)
        _failed(wiki, now, HANDLER_FAILED)
        raise
    seconds = time.monotonic() - started
    WatcherStatus.objects.filter(wiki=wiki).update(
        last_round_seconds=seconds, last_round_revisions=handed
    )
    return RoundResult(handed, len(changes), bool(token), seconds)


def _read_changes(
    client: WikiClient, wiki: Wiki, position: WatchPosition, limits: dict[str, int]
) -> tuple[list[Change], str]:
    """Up to `max_changes` changes from the position; the continuation if more remain."""
    token = position.continue_token
    start = None
    if not token and position.last_timestamp:
        start = position.last_timestamp - timedelta(seconds=int(limits["overlap_seconds"]))
    changes: list[Change] = []
    while len(changes) < int(limits["max_changes"]):
        page = client.recent_changes(
            start=start,
            continue_token=token,
            # The File namespace always: uploads are checked against protected photos.
            namespaces=sorted({*wiki.namespaces, FILE_NAMESPACE}) if wiki.namespaces else (),
            limit=min(100, int(limits["max_changes"]) - len(changes)),
        )
        changes += page.changes
        token = page.continue_token
        if not token:
            break
    return changes, token


def _unseen(wiki: Wiki, changes: list[Change]) -> list[Change]:
    """The changes whose revision is not stored yet, each revision once, oldest first."""
    seen = set(
        SeenRevision.objects.filter(wiki=wiki, revid__in=[c.revid for c in changes]).values_list(
            "revid", flat=True
        )
    )
    fresh: dict[int, Change] = {}
    for change in changes:
        if change.revid and change.revid not in seen and change.revid not in fresh:
            fresh[change.revid] = change
    return list(fresh.values())


def _extras(client: WikiClient, fresh: list[Change]) -> tuple[dict[str, Editor], dict[str, str]]:
    """The editors of user and user talk pages (groups, edit count, registration) and the
    SHA-1 of uploads whose log entry did not give it (imageinfo)."""
    people = editors(client, {c.user for c in fresh if c.namespace in USER_NAMESPACES and c.user})
    missing = {c.title for c in fresh if c.kind == "log" and not c.file_sha1}
    hashes = file_sha1s(client, missing) if missing else {}
    return people, hashes


def _text(texts: dict[int, RevisionText], revid: int) -> str | None:
    if not revid:
        return ""
    found = texts.get(revid)
    return found.text if found else None


def _store(
    wiki: Wiki,
    now: datetime,
    *,
    changes: list[Change],
    fresh: list[Change],
    texts: dict[int, RevisionText],
    token: str,
    on_revision: Sequence[Handler] | None,
    people: dict[str, Editor] | None = None,
    hashes: dict[str, str] | None = None,
) -> int:
    run = list(on_revision) if on_revision is not None else handlers()
    people, hashes = people or {}, hashes or {}
    with write_transaction():
        position = WatchPosition.objects.select_for_update().get(wiki=wiki)
        # Another round may have stored some of them since we looked: hand over none twice.
        again = set(
            SeenRevision.objects.filter(wiki=wiki, revid__in=[c.revid for c in fresh]).values_list(
                "revid", flat=True
            )
        )
        handed = 0
        for change in fresh:
            if change.revid in again:
                continue
            row = SeenRevision.objects.create(
                wiki=wiki,
                revid=change.revid,
                parent_revid=change.parent_revid,
                rcid=change.rcid,
                page_title=change.title[:512],
                namespace=change.namespace,
                user=change.user[:255],
                timestamp=change.timestamp,
                seen_at=now,
            )
            seen = RevisionSeen(
                wiki=wiki,
                revision=row,
                old_text=_text(texts, change.parent_revid),
                new_text=_text(texts, change.revid),
                editor=people.get(change.user) if change.namespace in USER_NAMESPACES else None,
                file_sha1=change.file_sha1 or hashes.get(change.title, "")
                if change.kind == "log"
                else "",
            )
            for handler in run:
                handler(seen)
            handed += 1
        if changes:
            newest = max(changes, key=lambda c: (c.timestamp, c.rcid))
            if position.last_timestamp is None or newest.timestamp >= position.last_timestamp:
                position.last_timestamp = newest.timestamp
            position.last_rcid = max(position.last_rcid, *(c.rcid for c in changes))
        position.continue_token = token
        position.updated_at = now
        position.save()
        WatcherStatus.objects.filter(wiki=wiki).update(
            last_ok_at=now, failures=0, backoff_until=None, last_error=""
        )
    return handed


def _failed(wiki: Wiki, now: datetime, code: str) -> None:
    """Record a failed round and back off: 30 s, then doubling, at most `backoff_max_seconds`."""
    ceiling = int(settings.RIGHTSDESK_WIKISAFETY_ROUND["backoff_max_seconds"])
    with write_transaction():
        status = WatcherStatus.objects.select_for_update().get(wiki=wiki)
        status.failures += 1
        wait = min(ceiling, 30 * 2 ** min(status.failures - 1, 20))
        status.backoff_until = now + timedelta(seconds=wait)
        status.last_error = code
        status.last_error_at = now
        status.save()
    log.warning("wiki %s: round failed (%s), backing off %s s", wiki.pk, code, wait)


# -- on the background worker ------------------------------------------------------------------


@task
def watch_wiki(wiki_pk: int) -> int:
    """One round on one wiki, on the worker; how many revisions it handed over."""
    wiki = Wiki.objects.filter(pk=wiki_pk, active=True).first()
    if wiki is None:
        return 0
    try:
        return watch_round(wiki, timezone.now()).handed
    finally:
        WatcherStatus.objects.filter(wiki=wiki).update(queued_at=None)


def wikis_watch(now: datetime) -> list[str]:
    """The clock's part (settings.RIGHTSDESK_CLOCKS): queue a round for each watched wiki whose
    last round is `every_seconds` old, none in backoff, none already queued (a queue entry older
    than ten rounds is taken as lost and queued again)."""
    every = timedelta(seconds=int(settings.RIGHTSDESK_WIKISAFETY_ROUND["every_seconds"]))
    done: list[str] = []
    for wiki in watched_wikis():
        status, _created = WatcherStatus.objects.get_or_create(wiki=wiki)
        if status.backoff_until and status.backoff_until > now:
            continue
        if status.queued_at and status.queued_at > now - 10 * every:
            continue
        last = max(filter(None, [status.last_ok_at, status.last_error_at]), default=None)
        if last and last > now - every:
            continue
        WatcherStatus.objects.filter(pk=status.pk).update(queued_at=now)
        transaction.on_commit(partial(watch_wiki.enqueue, wiki_pk=wiki.pk), robust=True)
        done.append(f"wiki {wiki.pk} round queued")
    return done
