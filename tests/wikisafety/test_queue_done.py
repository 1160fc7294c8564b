"""Issue 16's "done when", end to end against the real local MediaWiki: an edit that adds a
protected volunteer's real name and a phone number is detected within one watcher round, queued
as P1, shown masked, revealed (audited), confirmed as doxxing and joined to the volunteer's case,
and suppressed from the queue; the wiki's own API then hides its text from an anonymous reader
and from an administrator without the suppression right; the audit and the case page show it;
undoing shows it again."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import Finding, Removal
from rightsdesk.wikisafety.protection.services import Consent, ProtectedEntry, protect
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind
from tests.factories import case_filed, signed_in
from tests.wikisafety.findings import evaluator

pytestmark = pytest.mark.django_db

NAME = "Leyla Farahani"
PHONE = "+41 44 668 18 00"


def test_detected_queued_confirmed_suppressed_hidden_on_the_wiki_and_shown_on_the_case(
    mediawiki: Any, make_wiki: Any, django_capture_on_commit_callbacks: Any
) -> None:
    account = evaluator(remove=True)  # a handler: granted every case filed from now on
    user = account.user
    case = case_filed(country="CH").case
    protect(
        case=case,
        actor=user,
        entries=[ProtectedEntry(PhraseKind.NAME, NAME)],
        consent=Consent(given_at=timezone.now() - timedelta(hours=1), means=ConsentMeans.INBOX),
    )
    wiki = make_wiki()
    editor = mediawiki.client("EDITOR")
    title = f"User talk:Target {uuid.uuid4().hex[:8]}"
    editor.edit(title=title, text="Welcome!", summary="hello")
    revid = editor.edit(
        title=title, text=f"Welcome!\nHer real name is {NAME}; call her on {PHONE}.", summary="x"
    )

    # One watcher round: detected and queued, P1.
    with django_capture_on_commit_callbacks(execute=True):
        assert watch_round(wiki, timezone.now()).error == ""
    finding = Finding.objects.get(revision__wiki=wiki, revision__revid=revid)
    assert finding.priority == "P1"

    client = signed_in(account)
    queue = client.get(reverse("wikisafety:queue"), {"priority": "P1"})
    assert str(finding.uid).encode() in queue.content

    # The finding page: the context read from the wiki, masked.
    url = reverse("wikisafety:finding", args=[finding.uid])
    page = client.get(url).content.decode()
    assert title in page
    assert f"r{revid}" in page
    assert NAME not in page
    assert "668 18 00" not in page
    assert "[phone]" in page
    assert "[protected volunteer]" in page
    assert case.number in page  # the volunteer's case, to someone who may read it

    # Reveal: audited, then in clear for that answer only.
    revealed = client.post(reverse("wikisafety:reveal", args=[finding.uid])).content.decode()
    assert NAME in revealed
    assert PHONE in revealed
    assert AuditEntry.objects.filter(
        action="wikisafety.reveal", target_id=str(finding.uid), actor=f"user:{user.pk}"
    ).exists()
    assert NAME not in client.get(url).content.decode()

    # Confirmed as doxxing, joined to the volunteer's case.
    decided = client.post(
        reverse("wikisafety:decide", args=[finding.uid]),
        {"decision": "doxxing", "case_action": "join", "case_number": case.number,
         "version": "0", "note": "Third attack this month"},
    )  # fmt: skip
    assert decided.status_code == 302
    finding.refresh_from_db()
    assert (finding.state, finding.case) == ("doxxing", case)

    # Suppressed from the queue.
    removed = client.post(
        reverse("wikisafety:remove", args=[finding.uid]),
        {"parts": ["content"], "suppress": "on", "reason": "personal-data"},
    )
    assert removed.status_code == 302, removed.content.decode()[:2000]
    removal = Removal.objects.get(revision=finding.revision)
    assert removal.suppressed
    assert removal.case == case
    assert removal.since_edit > timedelta(0)

    # Through the wiki's own API: hidden from an anonymous reader and from an administrator
    # without the suppression right.
    for reader in (mediawiki.client(), mediawiki.client("ADMIN")):
        seen = reader.revision_texts([revid])[revid]
        assert seen.text is None
        assert seen.texthidden
        assert seen.suppressed

    # The audit and the case show it.
    for action, target in (
        ("wikisafety.finding", str(finding.uid)),
        ("wikisafety.decide.doxxing", str(finding.uid)),
        ("wikisafety.finding_case", f"{case.number}:finding:{finding.uid}"),
        ("wikisafety.revision_suppress", str(removal.uid)),
    ):
        assert AuditEntry.objects.filter(action=action, target_id=target).exists(), action
    case_page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'id="wikisafety"' in case_page
    assert f"r{revid}" in case_page
    assert "suppressed on the wiki" in case_page
    assert "Third attack this month" in case_page  # the note, sealed to the case, opened
    assert NAME not in case_page
    finding_page = client.get(url).content.decode()
    assert "data-since-edit" in finding_page

    # Undo: the wiki shows it again.
    undone = client.post(
        reverse("wikisafety:undo", args=[finding.uid]), {"removal": str(removal.uid)}
    )
    assert undone.status_code == 302
    again = mediawiki.client().revision_texts([revid])[revid]
    assert again.text is not None
    assert NAME in again.text
    assert AuditEntry.objects.filter(action="wikisafety.revision_restore").exists()
