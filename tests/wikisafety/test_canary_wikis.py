"""At rest, the wiki side: the bot's password is sealed, and the revisions' text the watcher reads
is never stored or logged. The page title and the editor's name are clear on purpose (public on
the wiki; docs/security/crypto.md): found by the same scan, so the scan can fail."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.mediawiki.client import Change, ChangesPage, RevisionText
from rightsdesk.wikisafety.mediawiki.services import wiki_register, wiki_set_bot
from rightsdesk.wikisafety.mediawiki.watcher import RevisionSeen, watch_round
from rightsdesk.wikisafety.models import Wiki
from tests.factories import staff_account
from tests.scanning import canary, data_dir_hits, database_rows, scan_bytes


class StubClient:
    """Answers one page of changes and the texts, like a wiki would, without a network."""

    def __init__(self, changes: list[Change], texts: dict[int, str]) -> None:
        self.changes = changes
        self.texts = texts

    def recent_changes(self, **_kwargs: object) -> ChangesPage:
        return ChangesPage(changes=self.changes, continue_token="")

    def revision_texts(self, revids: list[int]) -> dict[int, RevisionText]:
        return {r: RevisionText(r, 0, self.texts.get(r), False, False) for r in revids}

    def query(self, **params: object) -> dict[str, object]:
        """The watcher asks who edited a user talk page: an account the wiki does not know."""
        names = str(params.get("ususers", "")).split("|")
        return {"query": {"users": [{"name": name, "missing": True} for name in names]}}


@pytest.mark.django_db(transaction=True)
def test_bot_password_and_revision_text_are_not_in_clear_anywhere(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = {
        "password": canary("botpassword"),
        "newpassword": canary("newbotpassword"),
        "text": canary("revisiontext"),
        "oldtext": canary("oldtext"),
    }
    title = canary("Title")
    admin = staff_account(role=User.Role.ADMIN).user
    now = timezone.now()
    wiki = wiki_register(
        actor=admin,
        name="canary wiki",
        api_url="https://canary.example/w/api.php",
        namespaces=[0, 3],
        language="de",
        bot_username="CanaryBot@rightsdesk",
        bot_password=planted["password"],
        now=now,
    )
    wiki_set_bot(
        actor=admin,
        wiki=wiki,
        bot_username="CanaryBot@rightsdesk",
        bot_password=planted["newpassword"],
    )
    wiki = Wiki.objects.get(pk=wiki.pk)
    at = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    changes = [Change(11, 101, 100, title, 3, "Editor", at, "edit")]
    stub = StubClient(changes, {101: f"phone {planted['text']}", 100: planted["oldtext"]})
    got: list[RevisionSeen] = []

    result = watch_round(wiki, now + timedelta(minutes=1), on_revision=[got.append], client=stub)  # type: ignore[arg-type]

    assert result.handed == 1
    assert got[0].new_text
    assert planted["text"] in got[0].new_text
    assert got[0].old_text == planted["oldtext"]
    needles = {name: value.encode() for name, value in planted.items()}
    rows = database_rows()
    assert scan_bytes(rows, needles) == []
    assert title.encode() in rows  # clear on purpose: the scan finds what is there
    files, scanned = data_dir_hits(needles)
    assert scanned > 0
    assert files == {}
    out, err = capfd.readouterr()
    assert scan_bytes((caplog.text + out + err).encode(), needles) == []
