"""At rest, the evaluation queue: the note typed with a decision is sealed (to the case when the
decision opens or joins one, under the server's `wiki-note` sub-key otherwise) and is nowhere in
clear: not in the database, the data directory or the logs. The page title is clear on purpose
(public on the wiki; docs/security/crypto.md): found by the same scan, so the scan can fail."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from rightsdesk.wikisafety.models import FindingDecision
from tests.factories import case_filed, signed_in
from tests.scanning import canary, data_dir_hits, database_rows, scan_bytes
from tests.wikisafety.findings import evaluator, finding_on, offline_wiki


@pytest.mark.django_db(transaction=True)
def test_decision_notes_are_not_in_clear_anywhere(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = {"servernote": canary("servernote"), "casenote": canary("casenote")}
    title = canary("Title")
    account = evaluator()
    case = case_filed().case
    wiki = offline_wiki()
    alone, joined = finding_on(wiki, title=title), finding_on(wiki)
    client = signed_in(account)
    for finding, decision, extra, note in (
        (alone, "false_positive", {"case_action": "none"}, planted["servernote"]),
        (joined, "doxxing", {"case_action": "join", "case_number": case.number},
         planted["casenote"]),
    ):  # fmt: skip
        answer = client.post(
            reverse("wikisafety:decide", args=[finding.uid]),
            {"decision": decision, "version": "0", "note": note, **extra},
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]
    assert sorted(FindingDecision.objects.values_list("note_key", flat=True)) == ["case", "server"]
    # The evaluator reads both notes back on the page (through the case key for the case's).
    for finding, note in ((alone, planted["servernote"]), (joined, planted["casenote"])):
        page = client.get(reverse("wikisafety:finding", args=[finding.uid])).content.decode()
        assert note in page
    needles = {name: value.encode() for name, value in planted.items()}
    rows = database_rows()
    assert scan_bytes(rows, needles) == []
    assert title.encode() in rows  # clear on purpose: the scan finds what is there
    files, scanned = data_dir_hits(needles)
    assert scanned > 0
    assert files == {}
    out, err = capfd.readouterr()
    assert scan_bytes((caplog.text + out + err).encode(), needles) == []
