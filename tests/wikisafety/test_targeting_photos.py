"""Against the real local MediaWiki: a brand-new account editing a protected volunteer's user
talk page is queued as targeting (P1); the volunteer editing their own page, or a page of someone
not protected, is not; an upload of a protected volunteer's photo is queued (P1), another file is
not. The rule on editors is checked exhaustively without the wiki."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.wikisafety.mediawiki.lookups import Editor
from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import Finding, ProtectedPhrase
from rightsdesk.wikisafety.protection.services import Consent, ProtectedEntry, protect
from rightsdesk.wikisafety.queue.targeting import is_new_or_unconfirmed, page_user
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind
from tests.factories import case_filed, staff_account
from tests.wikisafety.wiki_steps import create_account, png, upload

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def _protect(**entries: str) -> Any:
    handler = staff_account().user
    return protect(
        case=case_filed().case,
        actor=handler,
        entries=[ProtectedEntry(PhraseKind(kind), value) for kind, value in entries.items()],
        consent=Consent(given_at=timezone.now() - timedelta(hours=1), means=ConsentMeans.ORAL),
    )


@pytest.mark.django_db
def test_a_new_account_on_a_protected_volunteers_talk_page_is_targeting(
    mediawiki: Any, make_wiki: Any
) -> None:
    target = f"Protected Person {uuid.uuid4().hex[:6]}"
    other = f"Someone Else {uuid.uuid4().hex[:6]}"
    volunteer = _protect(username=target)
    wiki = make_wiki()
    newcomer = mediawiki.client()
    newcomer.login(*create_account(mediawiki.api_url))
    hit = newcomer.edit(title=f"User talk:{target}", text="We know who you are.", summary="hi")
    miss = newcomer.edit(title=f"User talk:{other}", text="Hello there.", summary="hi")

    result = watch_round(wiki, timezone.now())

    assert result.error == ""
    finding = Finding.objects.get(revision__wiki=wiki, revision__revid=hit)
    assert finding.priority == "P1"
    assert {"targeting", "protected"} <= set(finding.kinds)
    assert list(finding.protected.all()) == [volunteer]
    assert not Finding.objects.filter(revision__wiki=wiki, revision__revid=miss).exists()
    # The account name is stored only as keyed digests (the seen revision's title is the
    # wiki's public page title, like every other page the watcher reads).
    digests = ProtectedPhrase.objects.filter(volunteer=volunteer).values_list("digest", flat=True)
    assert all(target.rsplit(maxsplit=1)[-1].lower() not in d for d in digests)


@pytest.mark.django_db
def test_withdrawn_protection_stops_the_targeting_flag(mediawiki: Any, make_wiki: Any) -> None:
    target = f"Withdrawn Person {uuid.uuid4().hex[:6]}"
    volunteer = _protect(username=target)
    ProtectedPhrase.objects.filter(volunteer=volunteer).delete()
    wiki = make_wiki()
    newcomer = mediawiki.client()
    newcomer.login(*create_account(mediawiki.api_url))
    edit = newcomer.edit(title=f"User:{target}", text="Found you.", summary="hi")
    watch_round(wiki, timezone.now())
    assert not Finding.objects.filter(revision__wiki=wiki, revision__revid=edit).exists()


@pytest.mark.django_db
def test_an_upload_of_a_protected_photo_is_queued_and_another_file_is_not(
    mediawiki: Any, make_wiki: Any
) -> None:
    seed = uuid.uuid4().bytes
    photo = png((seed[0], seed[1], seed[2]))
    other = png((seed[0] ^ 0xFF, seed[1], seed[2]))
    volunteer = _protect(photo=hashlib.sha1(photo).hexdigest())  # noqa: S324 - the wiki's hash
    wiki = make_wiki()
    editor = mediawiki.client("EDITOR")
    hit_title = upload(editor, photo)
    miss_title = upload(editor, other)

    result = watch_round(wiki, timezone.now())

    assert result.error == ""
    finding = Finding.objects.get(revision__wiki=wiki, revision__page_title=hit_title)
    assert finding.priority == "P1"
    assert {"photo", "protected"} <= set(finding.kinds)
    assert list(finding.protected.all()) == [volunteer]
    other_finding = Finding.objects.filter(
        revision__wiki=wiki, revision__page_title=miss_title
    ).first()
    assert other_finding is None or "photo" not in other_finding.kinds


editors = st.builds(
    Editor,
    name=st.just("X"),
    exists=st.booleans(),
    groups=st.frozensets(st.sampled_from(["*", "user", "autoconfirmed", "sysop"])),
    editcount=st.integers(0, 50),
    registration=st.none()
    | st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2026, 12, 2),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)


@given(editors)
def test_the_editor_rule(editor: Editor) -> None:
    flagged = is_new_or_unconfirmed(editor, NOW, min_edits=10, min_age_days=4)
    established = (
        editor.exists
        and "autoconfirmed" in editor.groups
        and editor.editcount >= 10
        and (editor.registration is None or editor.registration <= NOW - timedelta(days=4))
    )
    assert flagged is not established


def test_no_account_is_unconfirmed() -> None:
    assert is_new_or_unconfirmed(None, NOW, min_edits=0, min_age_days=0)


@pytest.mark.parametrize(
    ("title", "user"),
    [
        ("User talk:Jane Doe", "Jane Doe"),
        ("User:Jane Doe/Sandbox/x", "Jane Doe"),
        ("Benutzer Diskussion:Jane", "Jane"),
        ("کاربر:جین", "جین"),
    ],
)
def test_page_user(title: str, user: str) -> None:
    assert page_user(title) == user
