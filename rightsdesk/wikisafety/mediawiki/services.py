"""Writes of the wiki side: registering a wiki and its bot, hiding and suppressing revisions on
the wiki through the bot, and undoing that. Each audited in the transaction that records it.

Removal talks to the wiki first and records after, page by page: what the wiki did is recorded
even if a later page fails, and nothing is recorded that the wiki did not do. Call outside any
transaction.

A revision that is still the page's current one cannot have its text hidden (MediaWiki refuses,
"revdelete-hide-current"), so the bot first restores the page to the text before the attack,
with the same neutral reason, as an oversighter would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import Case
from rightsdesk.core.db import write_transaction
from rightsdesk.core.refusals import Refused
from rightsdesk.wikisafety.mediawiki.client import (
    MissingRight,
    WikiApiError,
    WikiClient,
    WikiError,
    WikiLoginFailed,
    api_parts,
)
from rightsdesk.wikisafety.mediawiki.keys import seal_bot_password
from rightsdesk.wikisafety.mediawiki.selectors import bot_client
from rightsdesk.wikisafety.models import (
    REMOVE_PERMISSION,
    Removal,
    SeenRevision,
    WatcherStatus,
    WatchPosition,
    Wiki,
)

# The reason the wiki shows in its deletion log: neutral, never the data it hides.
REASONS = {
    "personal-data": "Hidden: personal information (privacy policy)",
    "harassment": "Hidden: harassment (universal code of conduct)",
    "other": "Hidden by the trust and safety team",
}
PARTS = ("content", "comment", "user")


class RemovalRefused(Refused):
    """A removal or its undoing that was not carried out (400 "removal_refused")."""

    code = "removal_refused"


class WikiRefused(Refused):
    """A wiki's registration that was not carried out (400 "wiki_refused")."""

    code = "wiki_refused"


def may_remove(user: User) -> bool:
    return user.is_active and user.has_perm(f"wikisafety.{REMOVE_PERMISSION}")


def wiki_register(
    *,
    actor: User,
    name: str,
    api_url: str,
    namespaces: Sequence[int],
    language: str,
    bot_username: str,
    bot_password: str,
    now: datetime,
) -> Wiki:
    """Register a wiki to watch from `now` on (edits before it are not read). Admins only;
    the password is sealed before it is stored. The caller has validated the fields (a form)."""
    require_admin(actor)
    try:
        api_parts(api_url)
    except ValueError as error:
        raise WikiRefused(_("This is not the address of a wiki's api.php.")) from error
    with write_transaction():
        if Wiki.objects.filter(name=name).exists() or Wiki.objects.filter(api_url=api_url).exists():
            raise WikiRefused(_("This wiki is registered already."))
        wiki = Wiki(
            name=name,
            api_url=api_url,
            namespaces=sorted({int(n) for n in namespaces}),
            language=language,
            bot_username=bot_username,
        )
        wiki.bot_password = seal_bot_password(bot_password, wiki_uid=wiki.uid)
        wiki.save()
        WatchPosition.objects.create(wiki=wiki, last_timestamp=now, updated_at=now)
        WatcherStatus.objects.create(wiki=wiki)
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.wiki_register",
            target_type="wikisafety.wiki",
            target_id=wiki.uid,
        )
    return wiki


def wiki_set_bot(*, actor: User, wiki: Wiki, bot_username: str, bot_password: str) -> None:
    """Replace the bot's name and password (sealed). Admins only."""
    require_admin(actor)
    with write_transaction():
        Wiki.objects.filter(pk=wiki.pk).update(
            bot_username=bot_username,
            bot_password=seal_bot_password(bot_password, wiki_uid=wiki.uid),
        )
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.wiki_set_bot",
            target_type="wikisafety.wiki",
            target_id=wiki.uid,
        )


def _refusal(wiki: Wiki, error: WikiError) -> RemovalRefused:
    """The clear message for what went wrong on `wiki` (the right's name when one is missing)."""
    if isinstance(error, MissingRight):
        return RemovalRefused(
            _(
                "The bot account on %(wiki)s lacks the right “%(right)s”, so nothing was hidden. "
                "Ask the wiki's bureaucrats to add the bot to a group with that right (for "
                "suppression, the “suppress” group) and grant it to the bot password."
            )
            % {"wiki": wiki.name, "right": error.right}
        )
    if isinstance(error, WikiLoginFailed):
        return RemovalRefused(
            _("%(wiki)s refused the bot's user name or password: nothing was hidden.")
            % {"wiki": wiki.name}
        )
    if isinstance(error, WikiApiError):
        return RemovalRefused(
            _("%(wiki)s refused to hide the revision (%(code)s).")
            % {"wiki": wiki.name, "code": error.api_code}
        )
    return RemovalRefused(
        _("%(wiki)s did not answer properly; nothing more was hidden. Try again in a moment.")
        % {"wiki": wiki.name}
    )


def _revert_if_current(
    client: WikiClient, title: str, revisions: list[SeenRevision], reason: str
) -> None:
    """If the page's current revision is among those to hide, restore the text before the
    oldest of them (hidden text can only be older than the current revision)."""
    latest = client.latest_revision(title)
    if latest not in {r.revid for r in revisions}:
        return
    before = min(revisions, key=lambda r: r.revid).parent_revid
    text = client.revision_texts([before]).get(before) if before else None
    restored = text.text if text and text.text is not None else ""
    client.edit(title=title, text=restored, summary=reason, baserevid=latest)


def revision_hide(
    *,
    actor: User,
    revisions: Sequence[SeenRevision],
    hide: Sequence[str] = ("content",),
    suppress: bool = True,
    reason_code: str = "personal-data",
    case: Case | None = None,
    now: datetime,
    client: WikiClient | None = None,
) -> list[Removal]:
    """Hide `hide` (among content, comment, user) of `revisions` (of one wiki, any pages) on
    the wiki and, with `suppress`, from its administrators too, through the bot, with the
    neutral reason of `reason_code`. The caller has checked that the actor may see the item
    (the evaluation queue's gate); this checks the actor's permission. Refuses, naming the
    right, when the bot lacks it."""
    if not may_remove(actor):
        raise RemovalRefused(_("You may not hide revisions on the wikis."))
    if not revisions or not set(hide) or not set(hide) <= set(PARTS):
        raise RemovalRefused(_("Choose the revisions and what to hide."))
    if reason_code not in REASONS:
        raise RemovalRefused(_("Choose a reason."))
    wiki = revisions[0].wiki
    if any(r.wiki_id != wiki.pk for r in revisions):
        raise RemovalRefused(_("Hide revisions of one wiki at a time."))
    reason = REASONS[reason_code]
    by_page: dict[str, list[SeenRevision]] = defaultdict(list)
    for revision in revisions:
        by_page[revision.page_title].append(revision)
    done: list[Removal] = []
    try:
        client = client or bot_client(wiki)
        client.require("deleterevision", *(["suppressrevision"] if suppress else []))
        for title, on_page in by_page.items():
            if "content" in hide:
                _revert_if_current(client, title, on_page, reason)
            client.revision_delete(
                title=title,
                revids=[r.revid for r in on_page],
                hide=hide,
                suppress=True if suppress else None,
                reason=reason,
            )
            done += _record(
                actor,
                revisions=on_page,
                hide=hide,
                suppress=suppress,
                reason_code=reason_code,
                case=case,
                now=now,
            )
    except WikiError as error:
        raise _refusal(wiki, error) from error
    return done


def _record(
    actor: User,
    *,
    revisions: list[SeenRevision],
    hide: Sequence[str],
    suppress: bool,
    reason_code: str,
    case: Case | None,
    now: datetime,
) -> list[Removal]:
    rows = []
    with write_transaction():
        for revision in revisions:
            removal = Removal.objects.create(
                revision=revision,
                case=case,
                hid_content="content" in hide,
                hid_summary="comment" in hide,
                hid_user="user" in hide,
                suppressed=suppress,
                reason_code=reason_code,
                actor=actor,
                at=now,
                since_edit=max(now - revision.timestamp, timedelta(0)),
            )
            audit_record(
                actor=actor_label(actor),
                action="wikisafety.revision_suppress" if suppress else "wikisafety.revision_hide",
                target_type="wikisafety.removal",
                target_id=removal.uid,
            )
            rows.append(removal)
    return rows


def revision_restore(
    *, actor: User, removal: Removal, now: datetime, client: WikiClient | None = None
) -> Removal:
    """Undo `removal` on the wiki: show again what it hid and lift its suppression. The page's
    text is not restored (the bot's revert stays; an editor can undo it on the wiki)."""
    if not may_remove(actor):
        raise RemovalRefused(_("You may not hide revisions on the wikis."))
    if removal.undone_at is not None:
        raise RemovalRefused(_("This removal was undone already."))
    revision = removal.revision
    wiki = revision.wiki
    parts = [
        part
        for part, hidden in zip(
            PARTS, (removal.hid_content, removal.hid_summary, removal.hid_user), strict=True
        )
        if hidden
    ]
    try:
        client = client or bot_client(wiki)
        client.revision_delete(
            title=revision.page_title,
            revids=[revision.revid],
            show=parts,
            suppress=False if removal.suppressed else None,
            reason=REASONS.get(removal.reason_code, ""),
        )
    except WikiError as error:
        raise _refusal(wiki, error) from error
    with write_transaction():
        Removal.objects.filter(pk=removal.pk).update(undone_at=now, undone_by=actor)
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.revision_restore",
            target_type="wikisafety.removal",
            target_id=removal.uid,
        )
    removal.refresh_from_db()
    return removal
