"""Writes for staff accounts: create, log in, change password, recover.

Every function here is the only way its change happens, writes its audit entry in the same
transaction, and raises a typed error whose message is safe to show (translated, naming no
account and no secret).
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from nacl.public import PrivateKey

from rightsdesk.accounts import throttle
from rightsdesk.accounts.models import Keyring, LoginUnlock, User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.core.serverkeys import keyed_digest
from rightsdesk.crypto import (
    CryptoError,
    UserKeyBundle,
    create_user_keys,
    rewrap_password,
    rewrap_recovery,
    unlock_with_password,
    unlock_with_recovery,
)

logger = logging.getLogger(__name__)

LOGIN_FAILED = _("That did not work. Check your username, password and code, and try again.")


class AccountError(Refused):
    """A refusal whose message may be shown to the person as it is."""


class LoginFailed(AccountError):
    status = 401
    code = "login_failed"

    def __init__(self) -> None:
        super().__init__(LOGIN_FAILED)


class LoginThrottled(AccountError):
    status = 429
    code = "throttled"

    def __init__(self, until: datetime) -> None:
        super().__init__(_("Too many failed attempts. Wait a few minutes, then try again."))
        self.until = until


@dataclass(frozen=True)
class ProvisionedUser:
    """What creating a user yields; the URI and the recovery code are shown once, then lost."""

    user: User
    otpauth_uri: str
    recovery_code: str


@dataclass(frozen=True)
class UnlockedUser:
    user: User
    private_key: PrivateKey


@dataclass(frozen=True)
class RecoveredUser:
    user: User
    private_key: PrivateKey
    recovery_code: str


def _check_password(password: str, user: User | None = None) -> None:
    if len(password) > settings.PASSWORD_MAX_LENGTH:
        raise ValidationError(
            _("Use at most %(max)d characters.") % {"max": settings.PASSWORD_MAX_LENGTH}
        )
    validate_password(password, user)


def user_create(*, username: str, role: str, password: str, actor: str) -> ProvisionedUser:
    """Create a user with a key pair and a confirmed TOTP device.

    Raises ValidationError (nothing written) for a taken or invalid username, an unknown role or a
    weak password.
    """
    username = username.strip()
    if role not in User.Role.values:
        raise ValidationError(
            _("Unknown role. Choose one of: %(roles)s.") % {"roles": ", ".join(User.Role.values)}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("A user with that username already exists."))
    candidate = User(username=username, role=role)
    candidate.full_clean(exclude=["password"])
    _check_password(password, candidate)
    bundle, _private, recovery = create_user_keys(password, settings.RIGHTSDESK_KDF)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        keyring = Keyring(user=candidate)
        keyring.store(bundle)
        keyring.save()
        device = TOTPDevice.objects.create(user=candidate, name="authenticator", confirmed=True)
        audit_record(actor=actor, action="user.create", target_type="user", target_id=candidate.pk)
    return ProvisionedUser(user=candidate, otpauth_uri=device.config_url, recovery_code=recovery)


def _verify_otp(user: User, otp: str) -> bool:
    token = "".join(otp.split())
    if not token.isdigit() or len(token) > 8:
        return False
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return bool(device and device.verify_token(token))


def _authenticate(username: str, password: str, otp: str) -> User:
    """Password, then TOTP, under the per-account throttle. Raises LoginFailed/LoginThrottled."""
    until = throttle.blocked_until(username)
    if until is not None:
        raise LoginThrottled(until)
    if len(password) > settings.PASSWORD_MAX_LENGTH:
        throttle.record_failure(username)
        raise LoginFailed
    user = authenticate(username=username, password=password)
    if not isinstance(user, User) or not user.is_active or not _verify_otp(user, otp):
        throttle.record_failure(username)
        if isinstance(user, User):
            audit_record(
                actor="anonymous", action="auth.login_failed", target_type="user", target_id=user.pk
            )
        raise LoginFailed
    return user


def staff_login(*, username: str, password: str, otp: str) -> UnlockedUser:
    """Check password and TOTP and unlock the user's private key.

    The caller must then call `django.contrib.auth.login` and seal the key into the session
    (`request.session.put_private_key`), in that order.
    """
    user = _authenticate(username, password, otp)
    try:
        private_key = unlock_with_password(user.keyring.bundle(), password)
    except (CryptoError, Keyring.DoesNotExist):
        # A password that Django accepts but that does not open the key means the keyring and
        # the password hash diverged: refuse, and say nothing more to the client.
        throttle.record_failure(username)
        raise LoginFailed from None
    throttle.record_success(username)
    audit_record(
        actor=actor_label(user), action="auth.login", target_type="user", target_id=user.pk
    )
    return UnlockedUser(user=user, private_key=private_key)


def _store_password(
    user: User, keyring: Keyring, bundle: UserKeyBundle, password: str, *, action: str
) -> None:
    """Save re-wrapped keys and the matching password hash together, or neither."""
    with transaction.atomic():
        keyring.store(bundle)
        keyring.save()
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=actor_label(user), action=action, target_type="user", target_id=user.pk)


def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Re-wrap the private key under the new password and store the new password hash.

    Raises AccountError if the old password is wrong, ValidationError if the new one is weak.
    """
    keyring = user.keyring
    try:
        private_key = unlock_with_password(keyring.bundle(), old_password)
    except CryptoError:
        raise AccountError(_("Your current password is not correct.")) from None
    _check_password(new_password, user)
    bundle = rewrap_password(keyring.bundle(), private_key, new_password, settings.RIGHTSDESK_KDF)
    _store_password(user, keyring, bundle, new_password, action="user.password_change")


def account_recover(
    *, username: str, recovery_code: str, otp: str, new_password: str
) -> RecoveredUser:
    """Open the private key with the recovery code, set a new password, issue a new code.

    The old recovery code stops working. Shares the login throttle.
    """
    until = throttle.blocked_until(username)
    if until is not None:
        raise LoginThrottled(until)
    user = User.objects.filter(username=username, is_active=True).first()
    # Judge the new password first, so a weak one does not spend the one-time code; judge it the
    # same way whether or not the account exists.
    _check_password(new_password, user or User(username=username))
    try:
        if user is None or not _verify_otp(user, otp):
            raise LoginFailed
        keyring = user.keyring
        private_key = unlock_with_recovery(keyring.bundle(), recovery_code)
    except (CryptoError, LoginFailed, Keyring.DoesNotExist):
        throttle.record_failure(username)
        raise LoginFailed from None
    bundle = rewrap_password(keyring.bundle(), private_key, new_password, settings.RIGHTSDESK_KDF)
    bundle, new_code = rewrap_recovery(bundle, private_key, settings.RIGHTSDESK_KDF)
    _store_password(user, keyring, bundle, new_password, action="user.recover")
    throttle.record_success(username)
    return RecoveredUser(user=user, private_key=private_key, recovery_code=new_code)


# -- Sign-in link for a throttled account (docs/security/threat-model.md, "Account lock-out") --
#
# Why this design: the throttle knows no client, so whoever knows a username can keep the account
# blocked. A second path that accepts password + code while blocked would give that person more
# guesses; limiting the second path per account would let them block it too. A link mailed to
# the address on the account is a channel they do not hold: asking for it reveals nothing and
# sends at most one live link per account; using it still needs the password and a TOTP code,
# for a few attempts, and every failed attempt also counts against the ordinary throttle.


def _link_digest(token: str) -> str:
    return keyed_digest(b"login-link", token.encode("ascii", "replace"))


def _send_link(address: str, url: str) -> None:
    body = _(
        "Sign-ins to your rightsdesk account are paused after several failed attempts. If you "
        "asked for a sign-in link, open this one within %(minutes)d minutes and sign in with "
        "your password and the code from your authenticator app. It works only once.\n\n"
        "%(url)s\n\nIf you did not ask for it, someone may be trying to guess your password: "
        "tell your team lead. Nobody can use this link without your password and your code."
    ) % {"minutes": settings.LOGIN_LINK_MINUTES, "url": url}
    try:
        send_mail(str(_("Your sign-in link")), str(body), None, [address])
    except (OSError, smtplib.SMTPException):
        logger.warning("sign-in link mail not sent")  # never to whom


def login_link_request(*, username: str, link_for: Callable[[str], str]) -> None:
    """Mail a one-time sign-in link to a throttled account's own address, if there is one.

    Says nothing back (the page is the same for unknown names, active accounts, accounts
    without an address), and sends nothing while a link for the account is still live, so that
    asking again and again neither floods the person's mailbox nor replaces the link they have.
    `link_for(token)` builds the absolute URL (the view knows the host).
    """
    if throttle.blocked_until(username) is None:
        return
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        LoginUnlock.objects.filter(user=user, expires_at__lte=now).delete()
        if LoginUnlock.objects.filter(user=user, attempts_left__gt=0).exists():
            return
        token = secrets.token_urlsafe(32)
        LoginUnlock.objects.create(
            user=user,
            token_digest=_link_digest(token),
            attempts_left=settings.LOGIN_LINK_ATTEMPTS,
            expires_at=now + timedelta(minutes=settings.LOGIN_LINK_MINUTES),
        )
        audit_record(
            actor="anonymous", action="auth.login_link_sent", target_type="user", target_id=user.pk
        )
        url, address = link_for(token), user.email
        transaction.on_commit(lambda: _send_link(address, url))


def _link_attempt_failed(link: LoginUnlock) -> LoginFailed:
    with transaction.atomic():
        link.attempts_left -= 1
        if link.attempts_left > 0:
            link.save(update_fields=["attempts_left"])
        else:
            link.delete()
        throttle.record_failure(link.user.username)
        audit_record(
            actor="anonymous",
            action="auth.login_link_failed",
            target_type="user",
            target_id=link.user_id,
        )
    return LoginFailed()


def login_with_link(*, token: str, password: str, otp: str) -> UnlockedUser:
    """Sign in through a mailed link, past the throttle: password and TOTP are still required.

    Raises LoginFailed (one message for an unknown, expired or spent link and for a wrong
    password or code). A wrong attempt spends one of the link's attempts and counts against
    the ordinary throttle, so the link is no faster way to guess than the login form.
    """
    link = (
        LoginUnlock.objects.select_related("user")
        .filter(
            token_digest=_link_digest(token), expires_at__gt=timezone.now(), attempts_left__gt=0
        )
        .first()
    )
    if link is None:
        raise LoginFailed
    user = link.user
    if (
        len(password) > settings.PASSWORD_MAX_LENGTH
        or not user.is_active
        or authenticate(username=user.username, password=password) != user
        or not _verify_otp(user, otp)
    ):
        raise _link_attempt_failed(link)
    try:
        private_key = unlock_with_password(user.keyring.bundle(), password)
    except (CryptoError, Keyring.DoesNotExist):
        raise _link_attempt_failed(link) from None
    LoginUnlock.objects.filter(user=user).delete()
    throttle.record_success(user.username)
    audit_record(
        actor=actor_label(user), action="auth.login_link", target_type="user", target_id=user.pk
    )
    return UnlockedUser(user=user, private_key=private_key)
