"""Reads of the wiki side, and the bot's signed-in client.

`bot_client` opens the sealed password and signs in over the network: call it outside any
database transaction. Nothing here checks who asks: the watcher runs as the system, and the
removal services check their actor before calling it.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import Http404

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.core.tokens import token_digest
from rightsdesk.wikisafety.mediawiki.client import WikiClient
from rightsdesk.wikisafety.mediawiki.keys import open_bot_password
from rightsdesk.wikisafety.models import WatcherStatus, WatchPosition, Wiki


def new_client(api_url: str) -> WikiClient:
    """A client with the configured timeout and retries (settings.RIGHTSDESK_WIKISAFETY_HTTP)."""
    http = settings.RIGHTSDESK_WIKISAFETY_HTTP
    return WikiClient(
        api_url,
        timeout=float(http["timeout"]),
        retries=int(http["retries"]),
        retry_wait=float(http["retry_wait"]),
    )


def bot_client(wiki: Wiki) -> WikiClient:
    """A client signed in as the wiki's bot. Raises the client's WikiError subclasses."""
    client = new_client(wiki.api_url)
    client.login(wiki.bot_username, open_bot_password(bytes(wiki.bot_password), wiki_uid=wiki.uid))
    return client


def watched_wikis() -> list[Wiki]:
    return list(Wiki.objects.filter(active=True).order_by("pk"))


def position_of(wiki: Wiki) -> WatchPosition:
    """The stored position, or an unsaved one at the start (the watcher saves it)."""
    return WatchPosition.objects.filter(wiki=wiki).first() or WatchPosition(wiki=wiki)


def status_of(wiki: Wiki) -> WatcherStatus:
    """The watcher's status on `wiki` (an unsaved empty one before its first round)."""
    return WatcherStatus.objects.filter(wiki=wiki).first() or WatcherStatus(wiki=wiki)


def wiki_for_report_token(token: str) -> Wiki | None:
    """The registered wiki whose forwarder sends `token` (None for none or a wrong one)."""
    if not token or len(token) > 100:
        return None
    return Wiki.objects.filter(report_token_digest=token_digest(token)).first()


def wiki_rows() -> list[tuple[Wiki, WatcherStatus, WatchPosition]]:
    """Every registered wiki, watched or paused, with its watcher's status and position."""
    rows = []
    for wiki in Wiki.objects.select_related("watcher_status", "position").order_by("name"):
        status = getattr(wiki, "watcher_status", None) or WatcherStatus(wiki=wiki)
        position = getattr(wiki, "position", None) or WatchPosition(wiki=wiki)
        rows.append((wiki, status, position))
    return rows


def access_wiki(user: User, uid: UUID) -> Wiki:
    """The wikis' gate: an admin gets the wiki (Http404 if there is none); anyone else the one
    admin refusal (`AdminOnly`), whether or not it exists. Every page naming a wiki starts here."""
    require_admin(user)
    found = Wiki.objects.filter(uid=uid).first()
    if found is None:
        raise Http404
    return found
