"""Telling the demand's readers that it needs them: a mail with no content ("log in"), sent by
the worker after the transaction that decided it commits, exactly as due diligence does
(rightsdesk.diligence.notify, through the case pages' mailer)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.cases.oncall.pages import page_mailer

log = logging.getLogger(__name__)


def deliver(user_ids: Sequence[int]) -> int:
    """Mail each active person with an address; returns how many the server accepted."""
    subject = _("A government demand needs you")
    body = _("A demand you handle has a deadline or a review due: log in to rightsdesk.")
    reached = 0
    mailer = page_mailer()
    for person in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""):
        try:
            reached += mailer.send_messages([EmailMessage(subject, body, None, [person.email])])
        except (SMTPException, OSError):
            log.error("demands mail to user %s failed", person.pk)
    return reached


@task
def send_demands_mail(user_ids: list[int]) -> int:
    return deliver(user_ids)


def tell(user_ids: Sequence[int]) -> None:
    """Enqueue the mail; call on commit. A failure to enqueue is logged, never raised."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    try:
        send_demands_mail.enqueue(user_ids=ids)
    except Exception:  # a queue failure must not undo the committed reminder
        log.exception("could not enqueue a demands mail")
