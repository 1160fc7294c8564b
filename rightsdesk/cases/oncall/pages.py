"""Pages: mail to whoever is on duty that a case needs them ("a P1 case needs you: log in").

A page is decided and recorded inside the transaction that locks the case (the deadline clock's
round, `deadlines._act`), but the mail goes out only after that transaction commits, as a task
(`send_page`), through a connection with a timeout. So:

- a hung or slow mail server never holds the case row lock, nor (on SQLite) the single write lock
  that report submission waits for;
- a round that rolls back records nothing and sends nothing, and the next round pages once;
- the page event's `count` says who was really reached: it is 0 when recorded and the task sets it
  to the number of mails the server accepted (a page still queued, or whose task died, counts 0).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import audit_record
from rightsdesk.cases.models import Case, DeadlineEvent
from rightsdesk.cases.oncall.selectors import on_duty

# Seconds to wait for the mail server (connect and each reply) when the mailer's OPTIONS set no
# timeout: a page task must end, so that the worker gets to the next page. A settings module may
# set RIGHTSDESK_PAGE_MAIL_TIMEOUT instead (docs/operations.md).
PAGE_MAIL_TIMEOUT_SECONDS = 20.0


log = logging.getLogger(__name__)


def page(*, case: Case, role: str, now: datetime) -> int:
    """Record a page of everyone on duty in `role` for `case` and send it after the commit.

    Call inside the transaction that decided the page. Returns how many people are paged; the
    event's count of who was reached is set by the task once the mail server has answered.
    """
    people = [person.pk for person in on_duty(role, now) if person.email]
    event = DeadlineEvent.objects.create(case=case, kind=f"page.{role}", at=now, count=0)
    audit_record(
        actor="system:deadlines",
        action=f"case.page.{role}",
        target_type="case",
        target_id=case.number,
    )
    if people:
        # robust: a failure to enqueue is logged and must not break the clock's round over the
        # other cases, which has already committed this one.
        transaction.on_commit(
            partial(send_page.enqueue, event_id=event.pk, user_ids=people, priority=case.priority),
            robust=True,
        )
    return len(people)


def page_mailer() -> BaseEmailBackend:
    """The default mailer, with a timeout if its settings give none (SMTP waits forever else)."""
    mailer = mailers.default
    if getattr(mailer, "timeout", False) is None:
        timeout = getattr(settings, "RIGHTSDESK_PAGE_MAIL_TIMEOUT", PAGE_MAIL_TIMEOUT_SECONDS)
        mailer.timeout = float(timeout)  # type: ignore[attr-defined]  # only SMTP-like backends
    return mailer


def deliver_page(*, event_id: int, user_ids: Sequence[int], priority: str) -> int:
    """Mail each person of a recorded page; stores and returns how many were reached.

    One unreachable mailbox or a mail server hiccup must not stop the others' pages: the failure
    is logged (no address, no content) and the count says how many were really reached.
    """
    event = DeadlineEvent.objects.select_related("case").filter(pk=event_id).first()
    if event is None:
        return 0  # the case was deleted since
    label = priority or "new"
    subject = _("A %(priority)s case needs you") % {"priority": label}
    body = _("A %(priority)s case needs you: log in to rightsdesk.") % {"priority": label}
    mailer = page_mailer()
    reached = 0
    for person in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""):
        try:
            sent = mailer.send_messages([EmailMessage(subject, body, None, [person.email])])
        except (SMTPException, OSError):
            log.error("page to user %s for case %s failed", person.pk, event.case.number)
            continue
        reached += 1 if sent else 0
    DeadlineEvent.objects.filter(pk=event_id).update(count=reached)
    return reached


@task
def send_page(event_id: int, user_ids: list[int], priority: str) -> int:
    """The mail of one recorded page, sent by the worker after the page's transaction commits."""
    return deliver_page(event_id=event_id, user_ids=user_ids, priority=priority)
