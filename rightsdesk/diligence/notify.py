"""Telling people that due diligence needs them: a mail with no content ("log in"), sent by the
worker after the transaction that decided it commits, like every pillar
(`cases.oncall.logmail`). The page itself is the owner's work list at /staff/diligence/."""

from __future__ import annotations

from collections.abc import Sequence

from django.tasks import task
from django.utils.translation import gettext as _

from rightsdesk.cases.oncall.logmail import enqueue_log_in, mail_log_in


def deliver(user_ids: Sequence[int]) -> int:
    """Mail each active person with an address; returns how many the server accepted."""
    return mail_log_in(
        user_ids,
        subject=_("Due diligence needs you"),
        body=_("An assessment or an action you own needs you: log in to rightsdesk."),
        topic="diligence",
    )


@task
def send_diligence_mail(user_ids: list[int]) -> int:
    return deliver(user_ids)


def tell(user_ids: Sequence[int]) -> None:
    """Enqueue the mail; call on commit. A failure to enqueue is logged, never raised."""
    enqueue_log_in(send_diligence_mail, user_ids, topic="diligence")
