"""`rightsdesk demo` with a local MediaWiki (what `make run` does): the wiki is registered, the
doxxing case's volunteer protected, and the invented edits found by a real watcher round, so the
newcomer's queue has a P1 to open. Without a wiki the demo says so and the queue stays empty."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.models import Finding, IncidentReport, ProtectedVolunteer, Wiki

pytestmark = pytest.mark.django_db


def _demo(**options: Any) -> str:
    out = StringIO()
    with override_settings(DEMO_MODE=True):
        call_command("demo", stdout=out, **options)
    return out.getvalue()


def test_the_demo_fills_the_queue_from_the_local_wiki(mediawiki: Any) -> None:
    env = mediawiki.dir / "env"
    said = _demo(wiki_env=env)

    wiki = Wiki.objects.get()
    assert wiki.api_url == mediawiki.api_url
    findings = Finding.objects.filter(revision__wiki=wiki)
    # A new account on the protected volunteer's talk page: its welcome is flagged (targeting,
    # a false positive to dismiss) and its doxxing edit too; the e-mail address in an article;
    # the plain edit: nothing.
    assert findings.count() == 3
    welcome, doxxing = findings.filter(priority="P1").order_by("revision__revid")
    assert welcome.revision.page_title == doxxing.revision.page_title == "User talk:Lintilla"
    assert set(welcome.kinds) == {"protected", "targeting"}
    assert {"protected", "targeting", "phone", "reported_doxing"} <= set(doxxing.kinds)
    # A reader reported it through the wiki's dialog: the report joined that finding.
    assert IncidentReport.objects.get().finding == doxxing
    article = findings.exclude(priority="P1").get()
    assert article.revision.page_title == "Minority language"
    assert "email" in article.kinds
    volunteer = ProtectedVolunteer.objects.get()
    assert "doxxing" in volunteer.case.threat_types
    handler = User.objects.get(username="demo-handler")
    assert handler.has_perm("wikisafety.evaluate_findings")
    assert handler.has_perm("wikisafety.remove_revisions")
    assert "Demo wiki safety: 3 findings in the evaluation queue" in said

    # Again (make run twice): nothing new, the same wiki.
    again = _demo(wiki_env=env)
    assert Wiki.objects.count() == 1
    assert Finding.objects.count() == 3
    assert IncidentReport.objects.count() == 1
    assert "Demo wiki safety: 3 findings" in again


def test_without_a_wiki_the_demo_says_the_queue_is_empty(tmp_path: Path) -> None:
    said = _demo(wiki_env=tmp_path / "no-such-env")
    assert "no local MediaWiki answered" in said
    assert not Wiki.objects.exists()
