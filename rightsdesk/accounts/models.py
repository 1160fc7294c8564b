"""Staff users, their key pairs and the per-account login throttle.

What is stored here is safe in a database copy: a password hash, a public key, and private keys
wrapped under keys that only the password or the recovery code can rebuild.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.crypto import UserKeyBundle


class User(AbstractUser):
    """A person who works cases (handler), runs the installation (admin), or works for a partner
    organisation that takes referrals (partner: sees only referrals made to their organisation,
    never a case, a queue or a staff page; rightsdesk.partners)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        HANDLER = "handler", _("Case handler")
        PARTNER = "partner", _("Partner organisation")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # An IANA zone name: the rota and deadlines are shown to each person in their own time.
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    @property
    def is_team(self) -> bool:
        """Whether this is a member of the team (admin or handler), as opposed to a partner."""
        return self.role in (self.Role.ADMIN, self.Role.HANDLER)

    @property
    def zone(self) -> ZoneInfo:
        """The person's time zone; UTC when `time_zone` names no zone this system knows."""
        try:
            return ZoneInfo(self.time_zone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


class Keyring(models.Model):
    """A user's X25519 key pair: the public half in clear, the private half wrapped twice.

    Reports are wrapped to `public_key`; only a login (password) or a recovery (recovery code)
    rebuilds the private half, inside a request, never at rest.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="keyring")
    public_key = models.BinaryField(max_length=32)
    password_wrap = models.BinaryField()
    recovery_wrap = models.BinaryField()
    # The user's search key (rightsdesk.cases.search), sealed to `public_key`; empty until first
    # needed. Only the holder of the private key can open it.
    search_key = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"keyring of user {self.user_id}"

    def bundle(self) -> UserKeyBundle:
        return UserKeyBundle(
            public_key=bytes(self.public_key),
            password_wrap=bytes(self.password_wrap),
            recovery_wrap=bytes(self.recovery_wrap),
        )

    def store(self, bundle: UserKeyBundle) -> None:
        """Copy `bundle` into this row (the caller saves, inside its transaction)."""
        self.public_key = bundle.public_key
        self.password_wrap = bundle.password_wrap
        self.recovery_wrap = bundle.recovery_wrap


class LoginThrottle(models.Model):
    """Consecutive failed logins for one account name, known or not.

    Keyed by a keyed digest of the normalised username, so that throttling an unknown name looks
    exactly like throttling a real one (no account enumeration) and no client address is needed.
    """

    account_digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"throttle {self.account_digest[:8]}"


class LoginUnlock(models.Model):
    """A one-time sign-in link mailed to a throttled account's own address.

    Why: the per-account throttle lets anyone who knows a username keep that account blocked.
    The link is the real person's way in while it is blocked: it is sent only to the address on
    the account, works for a limited time and a few attempts, and still needs the password and
    a TOTP code. Only a keyed digest of the token is stored, so a database copy opens nothing.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_unlocks")
    token_digest = models.CharField(max_length=64, unique=True)
    attempts_left = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"sign-in link {self.token_digest[:8]}"


class StaffSession(AbstractBaseSession):
    """A session row whose primary key is a SHA-256 of the session key, never the key itself.

    A copy of this table can neither hijack a session nor open its key vault.
    """

    session_key = models.CharField(_("session key digest"), max_length=64, primary_key=True)

    @classmethod
    def get_session_store_class(cls) -> type:
        from rightsdesk.accounts.sessions import SessionStore  # noqa: PLC0415 - sessions imports this module

        return SessionStore


class ApiToken(models.Model):
    """A staff API session: like a browser session, keyed by token digest, key sealed to it."""

    token_digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    sealed_key = models.BinaryField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"api token {self.token_digest[:8]}"
