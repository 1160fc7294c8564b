"""Removal from the evaluation queue: hide (and for personal data suppress) the revisions of
one or several confirmed findings on the wiki, through the bot, by the wiki side's own services
(`mediawiki.services.revision_hide` / `revision_restore`), linked to the findings' case.

Call outside any transaction (the wiki is asked over the network), after loading every finding
through `access.access_finding`. The wiki side checks the actor's `remove_revisions` permission,
the bot's rights (refusing with the missing right's name) and audits each removal; this checks
the queue's permission and the queue's rules (only confirmed findings, one case at a time).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.mediawiki.services import (
    REASONS,
    RemovalRefused,
    revision_hide,
    revision_restore,
)
from rightsdesk.wikisafety.models import Finding, Removal
from rightsdesk.wikisafety.queue import rules
from rightsdesk.wikisafety.queue.services import QueueRefused, require_evaluator

__all__ = ["RemovalRefused", "finding_remove", "finding_restore", "removals_of"]


def removals_of(findings: Sequence[Finding]) -> list[Removal]:
    """The removals of the findings' revisions, newest first (the gate was passed for each)."""
    return list(
        Removal.objects.filter(revision__in=[f.revision_id for f in findings]).select_related(
            "revision", "case", "actor", "undone_by"
        )
    )


def finding_remove(
    *,
    actor: User,
    findings: Sequence[Finding],
    parts: Sequence[str],
    suppress: bool,
    now: datetime,
    reason_code: str = "",
) -> list[Removal]:
    """Hide `parts` (content, comment, user) of the findings' revisions on their wiki, and with
    `suppress` from its administrators too, with a neutral reason (`reason_code`, by default the
    one for the findings' decision); each Removal is linked to the findings' case."""
    require_evaluator(actor)
    if not findings:
        raise QueueRefused(_("Choose the findings to remove."))
    if not all(rules.may_remove(f.state) for f in findings):
        raise QueueRefused(
            _("Only findings confirmed as doxxing or other harassment are removed: decide first.")
        )
    cases = {f.case_id for f in findings if f.case_id is not None}
    if len(cases) > 1:
        raise QueueRefused(
            _("These findings belong to different cases: remove them one case at a time.")
        )
    live = Removal.objects.filter(
        revision__in=[f.revision_id for f in findings], undone_at__isnull=True
    )
    if live.exists():
        raise QueueRefused(
            _("One of these revisions is hidden already: undo that removal first to change it.")
        )
    states = {f.state for f in findings}
    if not reason_code:
        reason_code = rules.reason_for(
            Finding.State.DOXXING if Finding.State.DOXXING in states else next(iter(states))
        )
    if reason_code not in REASONS:
        raise QueueRefused(_("Choose a reason."))
    case = next((f.case for f in findings if f.case_id is not None), None)
    return revision_hide(
        actor=actor,
        revisions=[f.revision for f in findings],
        hide=tuple(parts),
        suppress=suppress,
        reason_code=reason_code,
        case=case,
        now=now,
    )


def finding_restore(*, actor: User, finding: Finding, removal: str, now: datetime) -> Removal:
    """Undo one removal of `finding`'s revision (named by its uid) on the wiki."""
    require_evaluator(actor)
    try:
        parsed = uuid.UUID(str(removal))
    except (ValueError, TypeError, AttributeError):
        parsed = None
    found = (
        Removal.objects.filter(uid=parsed, revision=finding.revision_id).first() if parsed else None
    )
    if found is None:
        raise QueueRefused(_("There is no such removal of this finding."))
    return revision_restore(actor=actor, removal=found, now=now)
