"""From an edit on the real local MediaWiki to the evaluation queue: one watcher round finds a
protected volunteer's real name and a phone number, queues a P1 finding and pages whoever is on
call; a clean edit queues nothing; nothing of the data is stored."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import DeadlineEvent, OnCallShift
from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import Finding
from rightsdesk.wikisafety.protection.services import Consent, ProtectedEntry, protect
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind
from tests.factories import case_filed, staff_account
from tests.scanning import database_rows

pytestmark = pytest.mark.django_db

NAME = "Leyla Farahani"
PHONE = "+41 44 668 18 00"


def test_a_protected_name_and_a_phone_are_queued_as_p1_and_page_the_on_call(
    mediawiki: Any, make_wiki: Any, django_capture_on_commit_callbacks: Any
) -> None:
    on_call = staff_account(username="oncall").user
    on_call.email = "oncall@example.org"
    on_call.save()
    now = timezone.now()
    OnCallShift.objects.create(
        user=on_call,
        role="on_call",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
    )
    case = case_filed(country="CH").case
    volunteer = protect(
        case=case,
        actor=on_call,
        entries=[ProtectedEntry(PhraseKind.NAME, NAME)],
        consent=Consent(given_at=now - timedelta(hours=1), means=ConsentMeans.INBOX),
    )
    wiki = make_wiki()
    editor = mediawiki.client("EDITOR")
    title = f"User talk:Target {uuid.uuid4().hex[:8]}"
    editor.edit(title=title, text="Welcome!", summary="hello")
    clean = editor.edit(title=title, text="Welcome!\nThanks for the edits.", summary="thanks")
    doxx = editor.edit(
        title=title,
        text=f"Welcome!\nThanks for the edits.\nHer real name is {NAME}; call {PHONE}.",
        summary="x",
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = watch_round(wiki, timezone.now())

    assert result.error == ""
    finding = Finding.objects.get(revision__wiki=wiki, revision__revid=doxx)
    assert finding.priority == "P1"
    assert list(finding.protected.all()) == [volunteer]
    assert {"phone", "protected"} <= set(finding.kinds)
    assert "phone" in finding.recognisers
    assert not Finding.objects.filter(revision__wiki=wiki, revision__revid=clean).exists()
    # One page about the volunteer's case (the wiki is shared with other tests: their edits
    # may be found too, but no other case holds a protected volunteer).
    assert DeadlineEvent.objects.filter(case=case, kind="page.on_call").count() == 1
    assert [m.to for m in mail.outbox] == [["oncall@example.org"]]
    assert NAME not in mail.outbox[0].body
    assert AuditEntry.objects.filter(
        action="wikisafety.finding", target_id=str(finding.uid)
    ).exists()
    rows = database_rows()
    for secret in (NAME, "Farahani", "+41446681800", "44 668 18 00"):
        assert secret.encode() not in rows, secret
