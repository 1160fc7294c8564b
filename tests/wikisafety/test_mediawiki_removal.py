"""Removal against the real local MediaWiki: the bot suppresses a revision holding a phone number;
the wiki's own API then hides its text from an anonymous reader and from an administrator
without the suppression right, not from the bot; undoing shows it again. A bot without the right
is refused with its name, and nothing is recorded."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.wikisafety.mediawiki.services import (
    RemovalRefused,
    revision_hide,
    revision_restore,
)
from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import Removal, SeenRevision, Wiki
from tests.factories import staff_account

pytestmark = pytest.mark.django_db

NUMBER = "+41 44 668 18 00"


def _remover() -> User:
    user = staff_account().user
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wikisafety", codename="remove_revisions")
    )
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


def _doxxing_edit(mediawiki: Any, wiki: Wiki) -> tuple[SeenRevision, str]:
    """An ordinary user publishes a phone number on a user talk page; one watcher round."""
    editor = mediawiki.client("EDITOR")
    title = f"User talk:Someone {uuid.uuid4().hex[:8]}"
    editor.edit(title=title, text="Welcome to the wiki.", summary="welcome")
    revid = editor.edit(title=title, text=f"Welcome.\nHer phone: {NUMBER}", summary="info")
    watch_round(wiki, timezone.now(), on_revision=[])
    return SeenRevision.objects.get(wiki=wiki, revid=revid), title


def test_suppressed_text_is_hidden_from_anonymous_readers_and_admins_not_the_bot(
    mediawiki: Any, make_wiki: Any
) -> None:
    wiki = make_wiki()
    revision, title = _doxxing_edit(mediawiki, wiki)
    anonymous, admin, bot = mediawiki.client(), mediawiki.client("ADMIN"), mediawiki.client("BOT")
    # Before: everyone reads it.
    assert NUMBER in (anonymous.revision_texts([revision.revid])[revision.revid].text or "")
    assert NUMBER in (admin.revision_texts([revision.revid])[revision.revid].text or "")

    actor = _remover()
    removals = revision_hide(
        actor=actor, revisions=[revision], suppress=True, now=timezone.now() + timedelta(seconds=1)
    )

    assert len(removals) == 1
    for reader in (anonymous, admin):
        seen = reader.revision_texts([revision.revid])[revision.revid]
        assert seen.text is None
        assert seen.texthidden
        assert seen.suppressed
    by_bot = bot.revision_texts([revision.revid])[revision.revid]
    assert by_bot.text is not None
    assert NUMBER in by_bot.text
    assert by_bot.suppressed
    # The page no longer shows it: the bot restored the text before the edit.
    current = anonymous.revision_texts([anonymous.latest_revision(title)])
    assert NUMBER not in (next(iter(current.values())).text or "")
    removal = Removal.objects.get()
    assert removal.suppressed
    assert removal.hid_content
    assert removal.reason_code == "personal-data"
    assert removal.since_edit > timedelta(0)
    assert AuditEntry.objects.filter(
        action="wikisafety.revision_suppress", target_id=str(removal.uid), actor=f"user:{actor.pk}"
    ).exists()

    revision_restore(actor=actor, removal=removal, now=timezone.now())

    again = anonymous.revision_texts([revision.revid])[revision.revid]
    assert again.text is not None
    assert NUMBER in again.text
    assert not again.suppressed
    removal.refresh_from_db()
    assert removal.undone_at is not None
    assert AuditEntry.objects.filter(action="wikisafety.revision_restore").exists()


def test_hiding_without_suppression_still_lets_admins_read(mediawiki: Any, make_wiki: Any) -> None:
    wiki = make_wiki()
    revision, _title = _doxxing_edit(mediawiki, wiki)

    revision_hide(actor=_remover(), revisions=[revision], suppress=False, now=timezone.now())

    hidden = mediawiki.client().revision_texts([revision.revid])[revision.revid]
    assert hidden.text is None
    assert hidden.texthidden
    assert not hidden.suppressed
    by_admin = mediawiki.client("ADMIN").revision_texts([revision.revid])[revision.revid]
    assert by_admin.text is not None
    assert NUMBER in by_admin.text


def test_a_bot_without_suppressrevision_is_refused_naming_the_right(
    mediawiki: Any, make_wiki: Any
) -> None:
    make_wiki()  # the usual bot, registered first: the address below is the second one
    wiki = make_wiki("NOSUPPRESS")
    revision, _title = _doxxing_edit(mediawiki, wiki)

    with pytest.raises(RemovalRefused) as refused:
        revision_hide(actor=_remover(), revisions=[revision], suppress=True, now=timezone.now())

    assert "suppressrevision" in refused.value.message
    assert not Removal.objects.exists()
    still = mediawiki.client().revision_texts([revision.revid])[revision.revid]
    assert still.text is not None
    assert NUMBER in still.text


def test_only_staff_with_the_permission_may_remove_several_pages_at_once(
    mediawiki: Any, make_wiki: Any
) -> None:
    wiki = make_wiki()
    first, _one = _doxxing_edit(mediawiki, wiki)
    second, _two = _doxxing_edit(mediawiki, wiki)
    plain = staff_account().user

    with pytest.raises(RemovalRefused):
        revision_hide(actor=plain, revisions=[first, second], now=timezone.now())
    assert not Removal.objects.exists()
    visible = mediawiki.client().revision_texts([first.revid])[first.revid]
    assert visible.text is not None

    revision_hide(actor=_remover(), revisions=[first, second], now=timezone.now())

    assert Removal.objects.count() == 2
    hidden = mediawiki.client("ADMIN").revision_texts([first.revid, second.revid])
    assert all(h.text is None and h.suppressed for h in hidden.values())
