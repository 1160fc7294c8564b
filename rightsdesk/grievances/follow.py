"""The person's way back in and what they do there: receipt sign-in, messages, the appeal, their
view of a remedy and their rating at closing.

A wrong and an unknown receipt cost the same Argon2id run and get the same answer (the intake's
`ReceiptRejected`, its messages, and its site-wide failure budget "receipt-failures"), so neither
says whether a receipt exists. The grievance key lives only sealed under the session's token,
which only the person's cookie holds (rightsdesk.core.tokens, purpose "grievance-token").
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import audit_record
from rightsdesk.cases.submission.attachments import PreparedFile, prepare_uploads
from rightsdesk.core import admission
from rightsdesk.core.files import SpooledUpload
from rightsdesk.core.refusals import Refused
from rightsdesk.core.tokens import new_token, open_for_token, seal_for_token, token_digest
from rightsdesk.crypto import (
    CryptoError,
    ReceiptSecrets,
    receipt_keypair,
    unwrap_report_key,
)
from rightsdesk.grievances import content as sealed
from rightsdesk.grievances.filing import PERSON, check_disk, store_attachments, wrap_to
from rightsdesk.grievances.models import (
    Appeal,
    FollowSession,
    Grievance,
    GrievanceMessage,
    GrievanceWrap,
    Remedy,
)
from rightsdesk.grievances.selectors import acted_on, eligible_reviewers
from rightsdesk.grievances.vocabulary import Stage
from rightsdesk.intake.extensions import HeldReceipt
from rightsdesk.intake.inbox import receipt_derived, receipt_refused

PURPOSE = b"grievance-token"
# The follow-up session's cookie, sent only to the follow-up pages.
COOKIE = "rd_grievance"
COOKIE_PATH = "/grievances/follow/"


class FollowRefused(Refused):
    """Something the person asked for that the procedure does not allow now; nothing changed."""


@dataclass(frozen=True)
class Follow:
    grievance: Grievance
    key: PrivateKey
    token: str


def _idle_deadline() -> datetime:
    return timezone.now() + timedelta(seconds=settings.RIGHTSDESK_INBOX_IDLE_SECONDS)


def follow_login(receipt: str) -> Follow:
    """Open the grievance `receipt` belongs to and start a session. Raises ReceiptRejected (one
    message for wrong and unknown receipts) or admission.Busy. The web goes through the inbox's
    sign-in (`receipt_held`); the API signs in here."""
    opened = follow_open(receipt_derived(receipt))
    if opened is None:
        raise receipt_refused()
    return opened


def receipt_held(derived: ReceiptSecrets) -> HeldReceipt | None:
    """The inbox's receipt holder for grievances (settings.RIGHTSDESK_RECEIPT_HOLDERS): a person
    types a grievance's receipt into the one inbox and lands on their grievance."""
    opened = follow_open(derived)
    if opened is None:
        return None
    return HeldReceipt(
        kind="grievance",
        location=reverse("grievances:follow"),
        cookie=COOKIE,
        token=opened.token,
        path=COOKIE_PATH,
    )


def follow_open(derived: ReceiptSecrets) -> Follow | None:
    """A new session on the grievance whose receipt gave `derived`, or None when no grievance
    has that receipt. The caller derived the secrets (`receipt_derived`)."""
    grievance = Grievance.objects.filter(receipt_lookup=derived.lookup.hex()).first()
    wrap = (
        GrievanceWrap.objects.filter(grievance=grievance, kind=GrievanceWrap.Kind.RECEIPT).first()
        if grievance
        else None
    )
    if grievance is None or wrap is None:
        return None
    try:
        key = unwrap_report_key(
            bytes(wrap.wrap), bytes(grievance.public_key), receipt_keypair(derived)
        )
    except CryptoError:
        return None
    token = new_token()
    with transaction.atomic():
        FollowSession.objects.create(
            token_digest=token_digest(token),
            grievance=grievance,
            sealed_key=seal_for_token(token, PURPOSE, bytes(key)),
            expires_at=_idle_deadline(),
        )
        audit_record(
            actor=PERSON,
            action="grievance.follow.login",
            target_type="grievance",
            target_id=grievance.number,
            coarse_time=True,
        )
    return Follow(grievance=grievance, key=key, token=token)


def follow_resume(token: str) -> Follow | None:
    """The session for `token` if alive (and renewed), else None."""
    if not token or len(token) > 100:
        return None
    session = (
        FollowSession.objects.filter(
            token_digest=token_digest(token), expires_at__gt=timezone.now()
        )
        .select_related("grievance")
        .first()
    )
    if session is None:
        return None
    raw = open_for_token(token, PURPOSE, bytes(session.sealed_key))
    if raw is None:
        return None
    FollowSession.objects.filter(pk=session.pk).update(expires_at=_idle_deadline())
    return Follow(grievance=session.grievance, key=PrivateKey(raw), token=token)


def follow_logout(token: str) -> None:
    FollowSession.objects.filter(token_digest=token_digest(token)).delete()


def follow_sweep() -> int:
    deleted, _count = FollowSession.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def post_message(
    *,
    grievance: Grievance,
    body: str,
    author: User | None,
    direction: str,
    prepared: Sequence[PreparedFile] = (),
) -> GrievanceMessage:
    """A message sealed to the grievance (and its files). Call inside a transaction, after the
    gate or the person's session; the caller audits."""
    locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
    seq = (locked.messages.aggregate(m=Max("seq"))["m"] or 0) + 1
    uid = str(uuid.uuid4())
    message = GrievanceMessage.objects.create(
        uid=uid,
        grievance=locked,
        seq=seq,
        direction=direction,
        author=author,
        created_on=timezone.now().date(),
        body=sealed.seal_text(
            body, bytes(locked.public_key), table="message", row=uid, field="body"
        ),
    )
    store_attachments(locked, message, prepared)
    return message


def person_message(
    *, follow: Follow, body: str, uploads: Sequence[SpooledUpload], keep_uncleaned: bool
) -> GrievanceMessage:
    """The person's message (and files) on their own grievance."""
    budget = admission.bucket("followups", per_hour=settings.RIGHTSDESK_REPORTS_PER_HOUR * 2)
    if not budget.take():
        raise admission.Busy
    check_disk(uploads)
    with admission.expensive_work():
        prepared = prepare_uploads(uploads, keep_uncleaned=keep_uncleaned)
    with transaction.atomic():
        message = post_message(
            grievance=follow.grievance,
            body=body,
            author=None,
            direction=GrievanceMessage.Direction.FROM_PERSON,
            prepared=prepared,
        )
        audit_record(
            actor=PERSON,
            action="grievance.message.person",
            target_type="grievance",
            target_id=follow.grievance.number,
            coarse_time=True,
        )
    return message


def appeal_window_end(grievance: Grievance) -> datetime | None:
    if grievance.decided_at is None:
        return None
    return grievance.decided_at + timedelta(days=settings.RIGHTSDESK_GRIEVANCE_APPEAL_DAYS)


def may_appeal(grievance: Grievance, now: datetime) -> bool:
    end = appeal_window_end(grievance)
    return (
        end is not None and now <= end and not Appeal.objects.filter(grievance=grievance).exists()
    )


def person_appeal(*, follow: Follow, grounds: str, now: datetime | None = None) -> Appeal:
    """The person appeals the decision. Refused with nothing stored when there is no decision
    yet, the window has passed, or an appeal was already made. The grievance key is wrapped to
    every reviewer who never acted on it, so the review is independent of its handlers."""
    now = now or timezone.now()
    with transaction.atomic():
        grievance = Grievance.objects.select_for_update().get(pk=follow.grievance.pk)
        end = appeal_window_end(grievance)
        if end is None:
            raise FollowRefused(_("There is no decision to appeal yet."))
        if Appeal.objects.filter(grievance=grievance).exists():
            raise FollowRefused(_("This grievance was already appealed."))
        if now > end:
            raise FollowRefused(
                _("The time to appeal ended on %(date)s.") % {"date": end.date().isoformat()}
            )
        uid = str(uuid.uuid4())
        appeal = Appeal.objects.create(
            uid=uid,
            grievance=grievance,
            filed_on=now.date(),
            due=now + timedelta(days=settings.RIGHTSDESK_GRIEVANCE_APPEAL_REVIEW_DAYS),
            grounds=sealed.seal_text(
                grounds, bytes(grievance.public_key), table="appeal", row=uid, field="grounds"
            ),
        )
        holders = set(
            GrievanceWrap.objects.filter(grievance=grievance, kind=GrievanceWrap.Kind.USER)
            .values_list("user_id", flat=True)
            .distinct()
        )
        for reviewer in eligible_reviewers(grievance, acted_on(grievance) | holders):
            wrap_to(grievance, follow.key, reviewer)
        audit_record(
            actor=PERSON,
            action="grievance.appeal",
            target_type="grievance",
            target_id=grievance.number,
            coarse_time=True,
        )
    return appeal


def person_remedy_view(*, follow: Follow, uid: str, view: str, comment: str) -> Remedy:
    """The person says whether a carried-out remedy remedied the harm (and why, sealed)."""
    with transaction.atomic():
        remedy = (
            Remedy.objects.select_for_update()
            .filter(grievance=follow.grievance, uid=uid, done_at__isnull=False)
            .first()
        )
        if remedy is None:
            raise FollowRefused(_("You can give your view once the remedy is carried out."))
        remedy.person_view = view
        remedy.person_comment = sealed.seal_text(
            comment,
            bytes(follow.grievance.public_key),
            table="remedy",
            row=str(remedy.uid),
            field="person_comment",
        )
        remedy.save(update_fields=["person_view", "person_comment"])
        audit_record(
            actor=PERSON,
            action="grievance.remedy.view",
            target_type="grievance",
            target_id=follow.grievance.number,
            coarse_time=True,
        )
    return remedy


def person_rating(*, follow: Follow, rating: int) -> None:
    """The person's rating of the procedure (1 to 5), once the grievance is closed."""
    with transaction.atomic():
        grievance = Grievance.objects.select_for_update().get(pk=follow.grievance.pk)
        if grievance.stage != Stage.CLOSED:
            raise FollowRefused(_("You can rate the procedure once the grievance is closed."))
        grievance.satisfaction = rating
        grievance.save(update_fields=["satisfaction"])
        audit_record(
            actor=PERSON,
            action="grievance.rate",
            target_type="grievance",
            target_id=grievance.number,
            coarse_time=True,
        )
