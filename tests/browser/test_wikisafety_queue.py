"""The wikis' evaluation queue in a real browser, JavaScript off, against the real local
MediaWiki: queue -> finding (masked) -> reveal -> decide (joining the volunteer's case) ->
remove (suppressed on the wiki), at 360 and 1280 pixels (no horizontal overflow, no axe-core
violation, nothing from another origin), and the queue and finding pages right to left."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import Finding, Removal
from rightsdesk.wikisafety.protection.services import Consent, ProtectedEntry, protect
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.steps import sign_in
from tests.factories import case_filed
from tests.wikisafety.conftest import make_wiki, mediawiki, wiki_admin  # noqa: F401 - fixtures
from tests.wikisafety.findings import evaluator

NAME = "Samira Haddad-Nouri"
PHONE = "+41 44 668 18 00"
OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _check(page: Any, width: int, name: str, problems: list[str]) -> None:
    if (overflow := int(page.evaluate(OVERFLOW_JS))) > 0:
        problems.append(f"{name} {width}px: overflows by {overflow}px")
    problems += [f"{name} {width}px: {v}" for v in axe_violations(page, width)]
    screenshot(page, f"wikisafety-{name}-{width}")


@pytest.mark.usefixtures("transactional_db")
@pytest.mark.parametrize("width", [360, 1280])
def test_queue_finding_reveal_decide_remove(
    page: Any,
    live_server: Any,
    mediawiki: Any,  # noqa: F811
    make_wiki: Any,  # noqa: F811
    width: int,
) -> None:
    page.set_default_timeout(30000)
    page.set_viewport_size({"width": width, "height": 900})
    problems: list[str] = []
    account = evaluator(remove=True, username=f"eva{width}")
    case = case_filed(country="CH").case
    protect(
        case=case,
        actor=account.user,
        entries=[ProtectedEntry(PhraseKind.NAME, NAME)],
        consent=Consent(given_at=timezone.now() - timedelta(hours=1), means=ConsentMeans.INBOX),
    )
    wiki = make_wiki()
    editor = mediawiki.client("EDITOR")
    title = f"User talk:Browser {uuid.uuid4().hex[:8]}"
    editor.edit(title=title, text="Hello.", summary="hi")
    revid = editor.edit(title=title, text=f"Hello.\n{NAME} lives here, phone {PHONE}.", summary="x")
    watch_round(wiki, timezone.now())
    finding = Finding.objects.get(revision__wiki=wiki, revision__revid=revid)

    sign_in(page, account, account.password)
    page.get_by_role("link", name="Wiki safety").click()
    page.get_by_label("Priority").select_option("P1")
    page.get_by_role("button", name="Filter").click()
    assert title in page.content()
    _check(page, width, "queue", problems)

    page.locator(f'tr[data-finding="{finding.uid}"] th a').click()
    html = page.content()
    assert NAME not in html
    assert "[phone]" in html
    _check(page, width, "finding-masked", problems)

    page.get_by_role("button", name="Reveal the personal data (audited)").click()
    assert NAME in page.content()
    _check(page, width, "finding-revealed", problems)

    page.goto(f"/staff/wikisafety/findings/{finding.uid}/")
    page.get_by_label("Doxxing", exact=True).check()
    page.get_by_label("Join an existing case").check()
    page.get_by_label("Number of the case to join").fill(case.number)
    page.get_by_label("Note (optional)").fill("Same campaign as before.")
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded." in page.content()
    assert Finding.objects.get(pk=finding.pk).case == case

    page.get_by_role("button", name="Hide on the wiki").click()
    assert "Hidden on the wiki." in page.content()
    removal = Removal.objects.get(revision=finding.revision)
    assert removal.suppressed
    assert mediawiki.client().revision_texts([revid])[revid].text is None
    _check(page, width, "finding-removed", problems)

    # Right to left: the staff pages in Arabic.
    page.select_option("#language", "ar")
    page.locator("form.language button").click()
    for path, name in ((f"/staff/wikisafety/findings/{finding.uid}/", "finding-ar"),
                       ("/staff/wikisafety/", "queue-ar")):  # fmt: skip
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        if (overflow := int(page.evaluate(OVERFLOW_JS))) > 0:
            problems.append(f"{name} {width}px: overflows by {overflow}px")
        screenshot(page, f"wikisafety-{name}-{width}")
    assert all(url.startswith(live_server.url) for url in page.requested)
    assert problems == []
