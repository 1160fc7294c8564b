"""Demo wiki safety for `rightsdesk demo`: a real local MediaWiki (`make run` starts one with
scripts/mediawiki-start), registered and watched, a volunteer of a demo case protected, and a
few invented edits on the wiki read by one watcher round, so the evaluation queue holds findings
a newcomer can open, reveal, decide and suppress, exactly as in production.

Nothing is faked: the edits are made on the wiki through its Action API and found by the same
watcher and detection; the suppression a newcomer clicks is a real `action=revisiondelete`.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth.models import Permission
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import may_read
from rightsdesk.wikisafety.incidents.payload import parse_report
from rightsdesk.wikisafety.incidents.services import incident_receive
from rightsdesk.wikisafety.mediawiki.client import WikiClient, WikiError
from rightsdesk.wikisafety.mediawiki.services import wiki_register, wiki_set_bot
from rightsdesk.wikisafety.mediawiki.watcher import watch_round
from rightsdesk.wikisafety.models import (
    EVALUATE_PERMISSION,
    REMOVE_PERMISSION,
    Finding,
    ProtectedVolunteer,
    Wiki,
)
from rightsdesk.wikisafety.protection.services import Consent, ProtectedEntry, protect
from rightsdesk.wikisafety.vocabulary import ConsentMeans, PhraseKind

DEMO_WIKI_NAME = "Demo wiki (local MediaWiki)"
# Invented: the demo doxxing case's volunteer (cases/demo.py, "a forum published my real name").
VOLUNTEER_NAME = "Mirela Dragomir"
VOLUNTEER_ACCOUNT = "Lintilla"
EDITS = (
    # On the volunteer's talk page, by a new account: a protected name and a phone number (P1,
    # targeting too).
    (
        f"User talk:{VOLUNTEER_ACCOUNT}",
        "Welcome to the wiki!",
        f"Everyone should know that {VOLUNTEER_ACCOUNT} is really {VOLUNTEER_NAME}. "
        "Call and tell her what you think: +40 21 555 0147.",
    ),
    # An article with someone's private e-mail address (not a protected volunteer).
    (
        "Minority language",
        "The language is spoken in three valleys.",
        "Complaints about this article go to the editor's private address, "
        "valley.editor.demo@example.org.",
    ),
    # An ordinary edit: nothing to find.
    (
        "Valley",
        "A valley is a low area between hills.",
        "Rivers often run through valleys.",
    ),
)


@dataclass(frozen=True)
class DemoWiki:
    address: str
    findings: int


def read_env(path: Path) -> dict[str, str]:
    """The env file scripts/mediawiki-start writes (shell syntax, one KEY='value' per line)."""
    env: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        env[key] = shlex.split(value)[0] if value else ""
    return env


def _permit(user: User) -> None:
    for codename in (EVALUATE_PERMISSION, REMOVE_PERMISSION):
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wikisafety", codename=codename)
        )


def _doxxing_case(handler: User) -> Case | None:
    """The demo's doxxing case (cases/demo.py), if the handler may read it."""
    for case in Case.objects.order_by("pk"):  # a handful of demo cases
        if "doxxing" in case.threat_types and may_read(handler, case):
            return case
    return None


def demo_wikisafety(
    *, admin: User, handler: User, env_file: Path | None, now: datetime
) -> DemoWiki | None:
    """Register the local wiki described by `env_file`, protect the doxxing case's volunteer,
    edit the wiki and run one watcher round. Returns None (and does nothing) without a wiki that
    answers. Safe to run again: the permissions are granted again; a wiki registered before
    at the same address gets the bot's current password (a wiki started afresh made a new
    one) and nothing else."""
    if env_file is None or not env_file.is_file():
        return None
    env = read_env(env_file)
    api_url = env["RIGHTSDESK_MEDIAWIKI_URL"]
    try:
        WikiClient(api_url, timeout=10, retries=0, retry_wait=0).query(meta="siteinfo")
    except WikiError:
        return None
    address = api_url.removesuffix("api.php")
    for person in (admin, handler):
        _permit(person)
    bot = (env["RIGHTSDESK_MEDIAWIKI_BOT_USER"], env["RIGHTSDESK_MEDIAWIKI_BOT_PASSWORD"])
    known = Wiki.objects.filter(name=DEMO_WIKI_NAME).first()
    if known is not None:
        if known.api_url == api_url:
            wiki_set_bot(actor=admin, wiki=known, bot_username=bot[0], bot_password=bot[1])
        return DemoWiki(address, Finding.objects.filter(revision__wiki=known).count())
    wiki = wiki_register(
        actor=admin,
        name=DEMO_WIKI_NAME,
        api_url=api_url,
        namespaces=[0, 1, 2, 3],
        language="en",
        bot_username=bot[0],
        bot_password=bot[1],
        now=now,
    )
    case = _doxxing_case(User.objects.get(pk=handler.pk))
    if case is not None and not ProtectedVolunteer.objects.filter(case=case).exists():
        protect(
            case=case,
            actor=handler,
            entries=[
                ProtectedEntry(PhraseKind.NAME, VOLUNTEER_NAME),
                ProtectedEntry(PhraseKind.USERNAME, VOLUNTEER_ACCOUNT),
            ],
            consent=Consent(given_at=now - timedelta(hours=2), means=ConsentMeans.INBOX),
        )
    editor = WikiClient(api_url, timeout=30, retries=0, retry_wait=0)
    editor.login(
        env["RIGHTSDESK_MEDIAWIKI_EDITOR_USER"], env["RIGHTSDESK_MEDIAWIKI_EDITOR_PASSWORD"]
    )
    revisions = []
    for title, first, added in EDITS:
        editor.edit(title=title, text=first, summary="demo")
        revisions.append(editor.edit(title=title, text=f"{first}\n\n{added}", summary="demo"))
    watch_round(wiki, timezone.now())
    # A reader of the talk page reports the doxxing through the wiki's "Report" dialog: its
    # words show on that finding's page (what ReportIncident's forwarder would send).
    incident_receive(
        wiki=wiki,
        report=parse_report(
            {
                "revisionId": revisions[0],
                "page": EDITS[0][0],
                "incidentType": "unacceptable-user-behavior",
                "behaviorType": "doxing",
                "reportedUser": "NewAccount2026",
                "details": "This posts her real name and phone number. Please remove it.",
            }
        ),
        now=timezone.now(),
    )
    return DemoWiki(address, Finding.objects.filter(revision__wiki=wiki).count())
