"""The queue's staff pages over HTTP, denied and allowed side by side: someone without the
queue's permission gets the same 404 as for a finding that does not exist, on every page and
action; an evaluator reads the queue (P1 first, filtered), the finding page (the wiki down: it
says so, no 500), decides with a clear refusal for a stale form; the masked context is cut and
masked by a pure function."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.wikisafety.incidents.services import seal_details
from rightsdesk.wikisafety.models import Finding, IncidentReport
from rightsdesk.wikisafety.queue.context import windows_of
from tests.factories import signed_in, staff_account, without_tokens
from tests.wikisafety.findings import evaluator, finding_on, offline_wiki

pytestmark = pytest.mark.django_db

ACTIONS = ("reveal", "decide", "remove", "undo")


def test_without_the_permission_every_page_answers_as_for_a_missing_finding() -> None:
    finding = finding_on(offline_wiki())
    plain = signed_in(staff_account())
    allowed = signed_in(evaluator())
    missing = uuid.uuid4()
    assert plain.get(reverse("wikisafety:queue")).status_code == 404
    assert allowed.get(reverse("wikisafety:queue")).status_code == 200
    real = plain.get(reverse("wikisafety:finding", args=[finding.uid]))
    absent = plain.get(reverse("wikisafety:finding", args=[missing]))
    assert real.status_code == absent.status_code == 404
    assert without_tokens(real.content) == without_tokens(absent.content)
    for action in ACTIONS:
        real = plain.post(
            reverse(f"wikisafety:{action}", args=[finding.uid]), {"decision": "doxxing"}
        )
        absent = plain.post(
            reverse(f"wikisafety:{action}", args=[missing]), {"decision": "doxxing"}
        )
        assert real.status_code == absent.status_code == 404, action
        assert without_tokens(real.content) == without_tokens(absent.content), action
    assert (
        plain.post(reverse("wikisafety:remove_bulk"), {"finding": [str(finding.uid)]}).status_code
        == 404
    )
    # The evaluator, for the same finding: the page, and a missing one still 404.
    assert allowed.get(reverse("wikisafety:finding", args=[finding.uid])).status_code == 200
    assert allowed.get(reverse("wikisafety:finding", args=[missing])).status_code == 404
    finding.refresh_from_db()
    assert finding.state == "new"
    assert not AuditEntry.objects.filter(action="wikisafety.reveal").exists()


def test_the_menu_links_the_queue_only_for_evaluators() -> None:
    home = reverse("cases:home")
    assert b"/staff/wikisafety/" not in signed_in(staff_account()).get(home).content
    assert b"/staff/wikisafety/" in signed_in(evaluator()).get(home).content


def test_the_queue_lists_p1_first_and_filters() -> None:
    wiki = offline_wiki()
    ordinary = finding_on(wiki, title="Talk:Ordinary")
    urgent = finding_on(wiki, priority="P1", title="User talk:Urgent")
    client = signed_in(evaluator(remove=True))
    page = client.get(reverse("wikisafety:queue")).content.decode()
    assert page.index("User talk:Urgent") < page.index("Talk:Ordinary")
    assert f'name="finding" value="{urgent.uid}"' in page  # bulk removal checkboxes
    only_p1 = client.get(reverse("wikisafety:queue"), {"priority": "P1"}).content.decode()
    assert "User talk:Urgent" in only_p1
    assert "Talk:Ordinary" not in only_p1
    Finding.objects.filter(pk=ordinary.pk).update(state="false_positive")
    fp = client.get(reverse("wikisafety:queue"), {"state": "false_positive"}).content.decode()
    assert "Talk:Ordinary" in fp
    assert "User talk:Urgent" not in fp
    # Garbage filters: the whole queue, no error.
    assert client.get(reverse("wikisafety:queue"), {"state": "<x>"}).status_code == 200


def test_a_wiki_that_cannot_be_reached_is_said_on_the_page_not_a_500() -> None:
    finding = finding_on(offline_wiki())
    client = signed_in(evaluator())
    response = client.get(reverse("wikisafety:finding", args=[finding.uid]))
    assert response.status_code == 200
    assert b"could not be reached" in response.content
    revealed = client.post(reverse("wikisafety:reveal", args=[finding.uid]))
    assert revealed.status_code == 200
    assert b"could not be reached" in revealed.content
    assert AuditEntry.objects.filter(
        action="wikisafety.reveal", target_id=str(finding.uid)
    ).exists()


def test_the_finding_page_shows_the_reports_the_wiki_forwarded_to_its_readers_only() -> None:
    finding = finding_on(offline_wiki())
    report = IncidentReport(
        wiki=finding.revision.wiki,
        received_at=timezone.now(),
        incident_type="unacceptable-user-behavior",
        behavior_type="doxing",
        revision_id=finding.revision.revid,
        finding=finding,
    )
    report.sealed = seal_details(
        {"details": "Posted her home address.", "reportedUser": "Accused User"}, uid=report.uid
    )
    report.save()
    url = reverse("wikisafety:finding", args=[finding.uid])
    shown = signed_in(evaluator()).get(url).content.decode()
    assert "Reports from the wiki" in shown
    assert "Posted her home address." in shown
    assert "Accused User" in shown
    assert "Doxing" in shown
    hidden = signed_in(staff_account()).get(url)
    assert hidden.status_code == 404
    assert b"Accused User" not in hidden.content


def test_deciding_over_http_and_a_stale_form_is_refused_clearly(client: Client) -> None:
    finding = finding_on(offline_wiki())
    first, second = signed_in(evaluator()), signed_in(evaluator())
    url = reverse("wikisafety:decide", args=[finding.uid])
    form = {"decision": "harassment", "case_action": "none", "version": "0", "note": ""}
    assert first.post(url, form).status_code == 302
    refused = second.post(url, {**form, "decision": "false_positive"})
    assert refused.status_code == 409
    assert b"Someone else decided this finding" in refused.content
    finding.refresh_from_db()
    assert finding.state == "harassment"
    bad = first.post(url, {**form, "decision": "nonsense", "version": "1"})
    assert bad.status_code == 400
    join_without_number = first.post(url, {**form, "case_action": "join", "version": "1",
                                           "decision": "doxxing"})  # fmt: skip
    assert join_without_number.status_code == 400
    finding.refresh_from_db()
    assert (finding.state, finding.version) == ("harassment", 1)


def test_removal_refused_before_a_confirming_decision_and_without_the_permission() -> None:
    finding = finding_on(offline_wiki())
    remover = signed_in(evaluator(remove=True))
    form = {"parts": ["content"], "suppress": "on", "reason": "personal-data"}
    refused = remover.post(reverse("wikisafety:remove", args=[finding.uid]), form)
    assert refused.status_code == 400
    assert b"decide first" in refused.content
    Finding.objects.filter(pk=finding.pk).update(state="doxxing")
    no_right = signed_in(evaluator()).post(reverse("wikisafety:remove", args=[finding.uid]), form)
    assert no_right.status_code == 400
    assert b"You may not hide revisions on the wikis." in no_right.content


def test_the_context_is_cut_around_each_span_and_masked_unless_revealed() -> None:
    text = "x" * 300 + " call +41 44 668 18 00 now " + "y" * 300 + " mail jane@example.org"
    phone = text.index("+41")
    mail = text.index("jane@")
    spans = [(phone, phone + 16, "phone"), (mail, mail + 16, "email")]
    masked = windows_of(text, spans, reveal=False, radius=100)
    assert len(masked) == 2
    flat = "".join(s.text for w in masked for s in w)
    assert "+41" not in flat
    assert "jane@" not in flat
    assert [s.kind for w in masked for s in w if s.kind] == ["phone", "email"]
    assert all(len("".join(s.text for s in w)) <= 216 for w in masked)
    shown = windows_of(text, spans, reveal=True, radius=100)
    assert "+41 44 668 18 00" in "".join(s.text for w in shown for s in w)
    # Out-of-range or empty spans (a changed detector) never crash.
    assert windows_of("short", [(3, 99, "phone"), (9, 2, "email")], reveal=False) != []
