"""The admins' steps on a registered wiki besides its bot (services.py): pause and resume
watching, issue the token the wiki's ReportIncident forwarder sends, and ask the wiki which of
the rights removal needs the bot holds.

The report token is shown once, to the admin who issued it; only its SHA-256 is stored (like the
API's staff tokens), so a copy of the database cannot send reports. Issuing a new one replaces
the old one at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.db import write_transaction
from rightsdesk.core.tokens import new_token, token_digest
from rightsdesk.wikisafety.mediawiki.client import WikiApiError, WikiError
from rightsdesk.wikisafety.mediawiki.selectors import bot_client
from rightsdesk.wikisafety.mediawiki.watcher import describe_error
from rightsdesk.wikisafety.models import WatcherStatus, Wiki

# What removal asks of the bot, in the order it needs them (docs/wikisafety.md, "The bot
# account and its rights"): hide from the public, then from administrators too.
REMOVAL_RIGHTS = ("deleterevision", "suppressrevision")


@dataclass(frozen=True)
class RightsCheck:
    """The wiki's answer about the bot: the removal rights it holds and lacks, or why the wiki
    could not be asked (`problem`, in words; then both lists are empty)."""

    held: tuple[str, ...]
    missing: tuple[str, ...]
    problem: str = ""

    @property
    def complete(self) -> bool:
        return not self.problem and not self.missing


def bot_rights_check(*, actor: User, wiki: Wiki) -> RightsCheck:
    """Sign in as the bot and read its rights (`meta=userinfo&uiprop=rights`: for a bot
    password, only what it was granted). Admins only; writes nothing but the audit line. Call
    outside any transaction (it asks the wiki)."""
    require_admin(actor)
    audit_record(
        actor=actor_label(actor),
        action="wikisafety.wiki_rights_check",
        target_type="wikisafety.wiki",
        target_id=wiki.uid,
    )
    try:
        rights = bot_client(wiki).rights()
    except WikiApiError as error:
        return RightsCheck((), (), f"{describe_error(error.code)} ({error.api_code})")
    except WikiError as error:
        return RightsCheck((), (), describe_error(error.code))
    return RightsCheck(
        held=tuple(r for r in REMOVAL_RIGHTS if r in rights),
        missing=tuple(r for r in REMOVAL_RIGHTS if r not in rights),
    )


def missing_right_message(right: str) -> str:
    """What the wikis page says for a right the bot lacks, naming it and who grants it."""
    if right == "suppressrevision":
        return _(
            "The bot lacks the right “suppressrevision”: it can hide revisions from the public "
            "but not from the wiki's administrators. Ask the wiki's stewards to add it to the "
            "“suppress” (oversight) group and grant “Suppress” to its bot password."
        )
    return _(
        "The bot lacks the right “%(right)s”: it cannot hide revisions. Ask the wiki's "
        "bureaucrats to make it an administrator (“sysop”) and grant “Delete pages, revisions "
        "and log entries” to its bot password."
    ) % {"right": right}


def wiki_watching(*, actor: User, wiki: Wiki, watched: bool) -> None:
    """Pause (False) or resume (True) watching `wiki`. Admins only. Resuming keeps the stored
    position, so the edits made during the pause are read at the next round (as far back as
    the wiki keeps recent changes: 30 days by default); a pending backoff is lifted."""
    require_admin(actor)
    with write_transaction():
        Wiki.objects.filter(pk=wiki.pk).update(active=watched)
        if watched:
            WatcherStatus.objects.filter(wiki=wiki).update(backoff_until=None, queued_at=None)
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.wiki_resume" if watched else "wikisafety.wiki_pause",
            target_type="wikisafety.wiki",
            target_id=wiki.uid,
        )
    wiki.active = watched


def report_token_issue(*, actor: User, wiki: Wiki) -> str:
    """A new token for the wiki's ReportIncident forwarder (the old one stops working). Admins
    only. Returned once: show it, never store or log it."""
    require_admin(actor)
    token = new_token()
    with write_transaction():
        Wiki.objects.filter(pk=wiki.pk).update(report_token_digest=token_digest(token))
        audit_record(
            actor=actor_label(actor),
            action="wikisafety.wiki_report_token",
            target_type="wikisafety.wiki",
            target_id=wiki.uid,
        )
    wiki.report_token_digest = token_digest(token)
    return token
