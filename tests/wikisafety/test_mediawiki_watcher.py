"""The watcher against the real local MediaWiki: edits made there as an ordinary user are seen in
one round, with their text and their parent's; restarts, interrupted rounds and continuation
neither miss nor repeat an edit."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.wikisafety.mediawiki.watcher import RevisionSeen, watch_round, wikis_watch
from rightsdesk.wikisafety.models import SeenRevision, WatchPosition

pytestmark = pytest.mark.django_db

NUMBER = "+41 44 668 18 00"


def _title(label: str) -> str:
    return f"User talk:Target {label} {uuid.uuid4().hex[:8]}"


def test_one_round_sees_an_ordinary_users_edit_with_a_phone_number(
    mediawiki: Any, make_wiki: Any
) -> None:
    wiki = make_wiki()
    editor = mediawiki.client("EDITOR")
    title = _title("phone")
    editor.edit(title=title, text="Welcome!", summary="hello")
    revid = editor.edit(title=title, text=f"Welcome!\nCall her on {NUMBER}", summary="x")
    got: list[RevisionSeen] = []

    result = watch_round(wiki, timezone.now(), on_revision=[got.append])

    assert result.error == ""
    mine = {s.revision.revid: s for s in got if s.revision.page_title == title}
    assert revid in mine
    seen = mine[revid]
    assert seen.new_text == f"Welcome!\nCall her on {NUMBER}"
    assert seen.old_text == "Welcome!"
    assert seen.revision.user == "PlainEditor"
    assert seen.revision.namespace == 3
    stored = SeenRevision.objects.get(wiki=wiki, revid=revid)
    assert stored.page_title == title
    print(f"\nMediaWiki started in {mediawiki.start_seconds:.2f} s; round {result.seconds:.3f} s")


def test_restarts_miss_no_edit_and_repeat_none(mediawiki: Any, make_wiki: Any) -> None:
    wiki = make_wiki()
    editor = mediawiki.client("EDITOR")
    title = _title("restart")
    handed: list[int] = []

    def collect(seen: RevisionSeen) -> None:
        if seen.revision.page_title == title:
            handed.append(seen.revision.revid)

    first = editor.edit(title=title, text="one", summary="1")
    watch_round(wiki, timezone.now(), on_revision=[collect])
    assert handed == [first]

    # Two edits between rounds (a watcher stopped and started again reads from the position).
    second = editor.edit(title=title, text="two", summary="2")
    third = editor.edit(title=title, text="three", summary="3")
    watch_round(wiki, timezone.now(), on_revision=[collect])
    assert handed == [first, second, third]

    # A round interrupted after fetching: nothing stored, the position did not move.
    fourth = editor.edit(title=title, text="four", summary="4")
    before = WatchPosition.objects.get(wiki=wiki)

    def crash(seen: RevisionSeen) -> None:
        if seen.revision.page_title == title:
            raise RuntimeError("the worker was killed here")

    with pytest.raises(RuntimeError):
        watch_round(wiki, timezone.now(), on_revision=[crash])
    after = WatchPosition.objects.get(wiki=wiki)
    assert (after.last_rcid, after.last_timestamp, after.continue_token) == (
        before.last_rcid,
        before.last_timestamp,
        before.continue_token,
    )
    assert not SeenRevision.objects.filter(wiki=wiki, revid=fourth).exists()

    # The next round (the crash set a backoff; a restarted worker runs it when it is over).
    watch_round(wiki, timezone.now() + timedelta(hours=2), on_revision=[collect])
    watch_round(wiki, timezone.now() + timedelta(hours=2), on_revision=[collect])
    assert handed == [first, second, third, fourth]
    assert SeenRevision.objects.filter(wiki=wiki, page_title=title).count() == 4


def test_continuation_across_rounds_reads_every_edit_once(
    mediawiki: Any, make_wiki: Any, settings: Any
) -> None:
    settings.RIGHTSDESK_WIKISAFETY_ROUND = {
        **settings.RIGHTSDESK_WIKISAFETY_ROUND,
        "max_changes": 2,
    }
    wiki = make_wiki(now=timezone.now() - timedelta(seconds=1))
    editor = mediawiki.client("EDITOR")
    title = _title("continue")
    made = [editor.edit(title=title, text=f"version {n}", summary=str(n)) for n in range(5)]
    handed: list[int] = []

    def collect(seen: RevisionSeen) -> None:
        if seen.revision.page_title == title:
            handed.append(seen.revision.revid)

    rounds = 0
    while rounds < 20:
        rounds += 1
        result = watch_round(wiki, timezone.now(), on_revision=[collect])
        assert result.error == ""
        if not result.more and set(made) <= set(handed):
            break
    assert sorted(handed) == made
    assert len(handed) == len(set(handed))
    assert rounds >= 3  # two changes a round: the continuation carried it


def test_the_clock_queues_a_round_on_the_worker(
    mediawiki: Any, make_wiki: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """settings.RIGHTSDESK_CLOCKS runs `wikis_watch`; in tests the worker runs the task at once."""
    wiki = make_wiki(now=timezone.now() - timedelta(seconds=1))
    title = _title("clock")
    revid = mediawiki.client("EDITOR").edit(title=title, text="clock", summary="c")

    with django_capture_on_commit_callbacks(execute=True):
        done = wikis_watch(timezone.now())

    assert f"wiki {wiki.pk} round queued" in done
    assert SeenRevision.objects.filter(wiki=wiki, revid=revid).exists()
    # Not due again within the minute.
    assert wikis_watch(timezone.now()) == []
