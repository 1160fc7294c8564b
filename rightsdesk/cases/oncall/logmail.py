"""A mail that says only "log in": how every pillar tells its staff that something needs them.

The mail carries no content (no case, no name, no title): whoever reads the mailbox learns only
that rightsdesk wants its holder. Each pillar keeps its own task (its subject and body, its own
log label) and calls these two after its transaction commits, through the page mailer of the
deadline clock (`pages.page_mailer`, with its timeout).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from smtplib import SMTPException
from typing import Any

from django.core.mail import EmailMessage

from rightsdesk.accounts.models import User
from rightsdesk.cases.oncall.pages import page_mailer

log = logging.getLogger(__name__)


def mail_log_in(user_ids: Sequence[int], *, subject: str, body: str, topic: str) -> int:
    """Mail `subject`/`body` to each active person with an address; returns how many the server
    accepted. One failing mailbox is logged by user id and `topic` (never an address) and does
    not stop the others. Call from a task, with the texts already translated."""
    reached = 0
    mailer = page_mailer()
    for person in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""):
        try:
            reached += mailer.send_messages([EmailMessage(subject, body, None, [person.email])])
        except (SMTPException, OSError):
            log.error("%s mail to user %s failed", topic, person.pk)
    return reached


def enqueue_log_in(send: Any, user_ids: Sequence[int], *, topic: str) -> None:
    """Enqueue the task `send(user_ids=...)` for the distinct `user_ids`; call on commit. A
    failure to enqueue is logged, never raised: it must not undo what was committed."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    try:
        send.enqueue(user_ids=ids)
    except Exception:  # any queue failure: the committed work stands, the log says so
        log.exception("could not enqueue a %s mail", topic)
