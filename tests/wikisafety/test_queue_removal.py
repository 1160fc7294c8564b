"""Removal from the queue against the real local MediaWiki: several revisions of one attack
removed at once from the list, linked to their case; a bot without the suppression right refused
on the finding page with the right's name, nothing recorded; findings of two cases refused
together; a withdrawn volunteer's name still masked (the whole text, failing closed); a
malformed id is a 404, never a 500."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import Finding, Removal, Wiki
from rightsdesk.wikisafety.protection.services import (
    Consent,
    ProtectedEntry,
    protect,
    protection_withdraw,
)
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind
from tests.factories import case_filed, signed_in
from tests.wikisafety.findings import evaluator

pytestmark = pytest.mark.django_db

PHONE = "+41 44 668 18 00"
FORM = {"parts": ["content"], "suppress": "on", "reason": "personal-data"}


def _attack(mediawiki: Any, wiki: Wiki, lines: list[str]) -> list[Finding]:
    """One page, one editor, one revision per line (each adding it); one watcher round."""
    editor = mediawiki.client("EDITOR")
    title = f"User talk:Attacked {uuid.uuid4().hex[:8]}"
    text = "Welcome."
    editor.edit(title=title, text=text, summary="hi")
    revids = []
    for line in lines:
        text += "\n" + line
        revids.append(editor.edit(title=title, text=text, summary="x"))
    watch_round(wiki, timezone.now())
    return [Finding.objects.get(revision__wiki=wiki, revision__revid=r) for r in revids]


def _decide(client: Any, finding: Finding, number: str = "") -> None:
    action = {"case_action": "join", "case_number": number} if number else {"case_action": "none"}
    answer = client.post(
        reverse("wikisafety:decide", args=[finding.uid]),
        {"decision": "doxxing", "version": "0", "note": "", **action},
    )
    assert answer.status_code == 302, answer.content.decode()[:1500]


def test_several_revisions_of_one_attack_are_removed_at_once(
    mediawiki: Any, make_wiki: Any
) -> None:
    account = evaluator(remove=True)
    case = case_filed().case
    wiki = make_wiki()
    first, second = _attack(mediawiki, wiki, [f"call {PHONE}", "or +41 44 668 18 01"])
    client = signed_in(account)
    for finding in (first, second):
        _decide(client, finding, case.number)

    answer = client.post(
        reverse("wikisafety:remove_bulk"), {**FORM, "finding": [str(first.uid), str(second.uid)]}
    )

    assert answer.status_code == 302, answer.content.decode()[:2000]
    removals = Removal.objects.filter(revision__in=[first.revision, second.revision])
    assert removals.count() == 2
    assert {r.case for r in removals} == {case}
    assert all(r.suppressed for r in removals)
    hidden = mediawiki.client("ADMIN").revision_texts([first.revision.revid, second.revision.revid])
    assert all(h.text is None and h.suppressed for h in hidden.values())
    listed = client.get(reverse("wikisafety:queue")).content.decode()
    assert "hidden on the wiki" in listed


def test_findings_of_two_cases_are_not_removed_together(mediawiki: Any, make_wiki: Any) -> None:
    account = evaluator(remove=True)
    one, two = case_filed().case, case_filed().case
    wiki = make_wiki()
    first, second = _attack(mediawiki, wiki, [f"call {PHONE}", "or +41 44 668 18 01"])
    client = signed_in(account)
    _decide(client, first, one.number)
    _decide(client, second, two.number)
    answer = client.post(
        reverse("wikisafety:remove_bulk"), {**FORM, "finding": [str(first.uid), str(second.uid)]}
    )
    assert answer.status_code == 400
    assert b"different cases" in answer.content
    assert not Removal.objects.filter(revision__in=[first.revision, second.revision]).exists()


def test_a_bot_without_the_right_is_refused_on_the_page_naming_it(
    mediawiki: Any, make_wiki: Any
) -> None:
    make_wiki()  # the usual bot holds the address; this one signs in at the other
    wiki = make_wiki("NOSUPPRESS")
    (finding,) = _attack(mediawiki, wiki, [f"call {PHONE}"])
    client = signed_in(evaluator(remove=True))
    _decide(client, finding)
    answer = client.post(reverse("wikisafety:remove", args=[finding.uid]), FORM)
    assert answer.status_code == 400
    assert "suppressrevision" in answer.content.decode()
    assert not Removal.objects.filter(revision=finding.revision).exists()
    still = mediawiki.client().revision_texts([finding.revision.revid])[finding.revision.revid]
    assert still.text is not None


def test_a_withdrawn_volunteers_name_stays_masked(mediawiki: Any, make_wiki: Any) -> None:
    account = evaluator()
    case = case_filed().case
    volunteer = protect(
        case=case,
        actor=account.user,
        entries=[ProtectedEntry(PhraseKind.NAME, "Ayesha Rahimi-Stone")],
        consent=Consent(given_at=timezone.now() - timedelta(hours=1), means=ConsentMeans.INBOX),
    )
    (finding,) = _attack(mediawiki, make_wiki(), ["Her name is Ayesha Rahimi-Stone, you know."])
    assert finding.priority == "P1"
    client = signed_in(account)
    url = reverse("wikisafety:finding", args=[finding.uid])
    assert "Rahimi" not in client.get(url).content.decode()
    protection_withdraw(volunteer=volunteer, actor=account.user)
    assert "Rahimi" not in client.get(url).content.decode()
    assert (
        "Rahimi" in client.post(reverse("wikisafety:reveal", args=[finding.uid])).content.decode()
    )


def test_a_malformed_id_is_a_404() -> None:
    client = signed_in(evaluator())
    for bad in ("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "1"):
        answer = client.post(reverse("wikisafety:remove_bulk"), {**FORM, "finding": [bad]})
        assert answer.status_code == 404
