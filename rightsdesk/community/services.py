"""Writes for the community app: members join, confirm and leave; people sign up for events.

Every write is atomic and mail goes out on commit. Mail carries no more than the link the
person needs. Callers have validated input with the forms; services re-check what a race could
change (capacity, duplicates) inside the transaction.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.community import memberkeys
from rightsdesk.community.models import Event, Member, Registration
from rightsdesk.core.refusals import Refused

logger = logging.getLogger(__name__)
PLACEHOLDER = "TOKEN"  # where a link carries its signed token; replaced before sending
CONFIRM_SALT = "rightsdesk.community.confirm"
LEAVE_SALT = "rightsdesk.community.leave"
CANCEL_SALT = "rightsdesk.community.cancel"
CONFIRM_MAX_AGE = timedelta(days=7)
MEMBER_TABLE = "community_member"
REGISTRATION_TABLE = "community_registration"


class SignupRefused(Refused):
    """A sign-up that cannot be accepted; `message` is translated and safe to show."""


def _send(address: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except (OSError, smtplib.SMTPException):
        # The record is already committed; log that a mail failed, never to whom.
        logger.warning("community mail not sent")


def _mail(address: str, subject: str, body: str) -> None:
    transaction.on_commit(lambda: _send(address, subject, body))


def _meeting_link(event: Event) -> str:
    """The online meeting link, for people with a seat only: the public page and the public
    calendar feeds never carry it (see ics.py)."""
    if not event.online_url:
        return ""
    return _("Online link: %(url)s") % {"url": event.online_url}


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Joined:
    member: Member
    leave_token: str


def member_join(
    *,
    pseudonym: str,
    kind: str,
    languages: list[str],
    regions: list[str],
    interests: list[str],
    email: str,
    confirm_url: str,
    leave_url: str,
) -> Joined:
    """Add a member. A duplicate address changes nothing; its owner is told by mail only.

    The page shown afterwards is the same either way, so the form cannot be used to find out
    whether an address belongs to a member.
    """
    member = Member(
        pseudonym=pseudonym,
        kind=kind,
        languages=",".join(languages),
        regions=",".join(regions),
        interests=",".join(interests),
        joined_on=timezone.now().date(),
    )
    if email:
        digest = memberkeys.email_digest(email)
        if Member.objects.filter(email_digest=digest).exists():
            _mail(
                email,
                _("Your interest group membership"),
                _(
                    "Someone tried to sign up again with this address. You are already a "
                    "member; nothing was changed."
                ),
            )
            raise SignupRefused("duplicate")
        member.email_digest = digest
        member.email_ciphertext = memberkeys.encrypt_email(
            email, table=MEMBER_TABLE, row=str(member.id)
        )
    try:
        with transaction.atomic():
            member.save(force_insert=True)
            audit_record(
                actor="anonymous",
                action="community.member.join",
                target_type="member",
                target_id=member.id,
                coarse_time=True,
            )
    except IntegrityError as exc:  # a concurrent sign-up with the same address
        raise SignupRefused("duplicate") from exc
    leave_token = signing.dumps(str(member.id), salt=LEAVE_SALT)
    if email:
        token = signing.dumps(str(member.id), salt=CONFIRM_SALT)
        _mail(
            email,
            _("Confirm your interest group membership"),
            _(
                "Open this link to confirm your address: %(url)s\n"
                "To leave the group at any time and delete your record: %(leave)s\n"
                "If you did not sign up, open the second link."
            )
            % {
                "url": confirm_url.replace(PLACEHOLDER, token),
                "leave": leave_url.replace(PLACEHOLDER, leave_token),
            },
        )
    return Joined(member=member, leave_token=leave_token)


def member_confirm(token: str) -> bool:
    try:
        member_id = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return False
    return Member.objects.filter(id=member_id).update(email_confirmed=True) == 1


def member_from_leave_token(token: str) -> Member | None:
    try:
        member_id = signing.loads(token, salt=LEAVE_SALT)
    except signing.BadSignature:
        return None
    return Member.objects.filter(id=member_id).first()


def member_leave(*, member: Member) -> None:
    """Delete the record itself, not a flag: leaving must leave nothing behind."""
    with transaction.atomic():
        audit_record(
            actor="anonymous",
            action="community.member.leave",
            target_type="member",
            target_id=member.id,
            coarse_time=True,
        )
        member.delete()


def member_emails(*, members: list[Member], actor: User) -> dict[str, str]:
    """Decrypt addresses for a staff member: call only behind `staff_required`. Audited."""
    found = {
        str(m.id): memberkeys.decrypt_email(m.email_ciphertext, table=MEMBER_TABLE, row=str(m.id))
        for m in members
        if m.email_ciphertext
    }
    audit_record(
        actor=actor_label(actor),
        action="community.member.read_emails",
        target_type="member",
        target_id="list",
    )
    return found


def event_create(*, actor: User, **fields: object) -> Event:
    with transaction.atomic():
        event = Event.objects.create(**fields)
        audit_record(
            actor=actor_label(actor),
            action="community.event.create",
            target_type="event",
            target_id=event.id,
        )
    return event


@dataclass(frozen=True)
class Signed:
    registration: Registration
    cancel_token: str


def event_register(*, event: Event, name: str, email: str, cancel_url: str) -> Signed:
    """Sign someone up, or put them on the waitlist when the event is full."""
    if event.starts_at <= timezone.now():
        raise SignupRefused(_("This event has already started or is over; sign-up is closed."))
    digest = memberkeys.email_digest(email) if email else None
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(id=event.id)
        taken = locked.registrations.filter(waitlisted=False).count()
        mine = locked.registrations.filter(name__iexact=name, email_digest=digest)
        if digest:
            mine = locked.registrations.filter(email_digest=digest)
        if mine.exists():
            raise SignupRefused(_("You are already signed up for this event."))
        registration = Registration(event=locked, name=name, waitlisted=taken >= locked.capacity)
        if email:
            registration.email_digest = digest
            registration.email_ciphertext = memberkeys.encrypt_email(
                email, table=REGISTRATION_TABLE, row=str(registration.id)
            )
        registration.save(force_insert=True)
    token = signing.dumps(str(registration.id), salt=CANCEL_SALT)
    if email:
        body = _("To cancel, open: %(url)s") % {"url": cancel_url.replace(PLACEHOLDER, token)}
        if not registration.waitlisted:
            body = _join(body, _meeting_link(event))
        _mail(email, _("You signed up: %(title)s") % {"title": event.title}, body)
    return Signed(registration=registration, cancel_token=token)


def registration_from_token(token: str) -> Registration | None:
    try:
        registration_id = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event").filter(id=registration_id).first()


def registration_cancel(*, registration: Registration) -> None:
    """Delete the sign-up; if it held a seat, the first person waiting gets it."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(id=registration.event_id)
        held_seat = not registration.waitlisted
        registration.delete()
        if held_seat:
            first = event.registrations.filter(waitlisted=True).order_by("created_at").first()
            if first is not None:
                first.waitlisted = False
                first.save(update_fields=["waitlisted"])


def send_reminders(*, now: datetime | None = None) -> int:
    """Mail everyone with a seat and an address whose event starts within a day. Idempotent:
    each sign-up is reminded once (``reminded_at``), so running it every hour is safe."""
    moment = now if now is not None else timezone.now()
    due = Registration.objects.select_related("event").filter(
        waitlisted=False,
        reminded_at__isnull=True,
        email_ciphertext__isnull=False,
        event__starts_at__gt=moment,
        event__starts_at__lte=moment + timedelta(days=1),
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                id=registration.id, reminded_at__isnull=True
            ).update(reminded_at=moment)
            if not claimed:
                continue
            address = memberkeys.decrypt_email(
                registration.email_ciphertext,  # type: ignore[arg-type]  # filtered not null
                table=REGISTRATION_TABLE,
                row=str(registration.id),
            )
            body = _("This is a reminder that the event starts on %(when)s (UTC).") % {
                "when": registration.event.starts_at.strftime("%Y-%m-%d %H:%M")
            }
            _mail(
                address,
                _("Reminder: %(title)s") % {"title": registration.event.title},
                _join(body, _meeting_link(registration.event)),
            )
            sent += 1
    return sent
